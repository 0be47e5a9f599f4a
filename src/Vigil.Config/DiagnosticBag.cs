using Vigil.Config.Model;

namespace Vigil.Config;

/// <summary>Collects diagnostics in order. A cap keeps pathological input (megabytes of garbage) from
/// producing an unbounded list; the last entry then says how many were dropped.</summary>
internal sealed class DiagnosticBag
{
    private const int Limit = 10_000;
    private readonly List<Diagnostic> _items = [];
    private int _dropped;

    public IReadOnlyList<Diagnostic> Items => _items;

    public void Error(SourceLocation at, string code, string message) =>
        Add(new Diagnostic(DiagnosticSeverity.Error, at.File, at.Line, at.Column, code, message));

    public void Fatal(SourceLocation at, string code, string message) =>
        Add(new Diagnostic(
            DiagnosticSeverity.Error,
            at.File,
            at.Line,
            at.Column,
            code,
            message) { Class = DiagnosticClass.Fatal });

    public void BadInterface(SourceLocation at, string code, string message) =>
        Add(new Diagnostic(
            DiagnosticSeverity.Error,
            at.File,
            at.Line,
            at.Column,
            code,
            message) { Class = DiagnosticClass.BadInterface });

    public void Security(SourceLocation at, string code, string message) =>
        Add(new Diagnostic(
            DiagnosticSeverity.Error,
            at.File,
            at.Line,
            at.Column,
            code,
            message) { Class = DiagnosticClass.Security });

    public void Warning(SourceLocation at, string code, string message) =>
        Add(new Diagnostic(DiagnosticSeverity.Warning, at.File, at.Line, at.Column, code, message));

    /// <summary>A warning that still counts like an error for the exit code: keepalived ignores the keyword or
    /// value and `-t` exits 5, but the config runs as keepalived would run it.</summary>
    public void Ignored(SourceLocation at, string code, string message) =>
        Add(new Diagnostic(
            DiagnosticSeverity.Warning,
            at.File,
            at.Line,
            at.Column,
            code,
            message) { Class = DiagnosticClass.Error });

    /// <summary>Where the next diagnostic will go: pass it to <see cref="Escalate"/> later.</summary>
    public int Mark => _items.Count;

    /// <summary>
    /// Makes the diagnostic reported at <paramref name="index"/> (a value rejected by its keyword) fatal and says
    /// what follows from it, instead of adding a second diagnostic for the same cause ("0 is outside 1..255" and
    /// then "virtual_router_id is missing"). False when nothing was reported there.
    /// </summary>
    public bool Escalate(int? index, string consequence)
    {
        if (index is not { } i || i < 0 || i >= _items.Count)
            return false;
        var d = _items[i];
        _items[i] = d with
        {
            Severity = DiagnosticSeverity.Error,
            Message = $"{d.Message}, so {consequence}",
            Class = DiagnosticClass.Fatal
        };
        return true;
    }

    private void Add(Diagnostic d)
    {
        if (_items.Count < Limit)
            _items.Add(d);
        else
            _dropped++;
    }

    public List<Diagnostic> Finish()
    {
        var list = new List<Diagnostic>(_items);
        if (_dropped > 0)
        {
            var last = _items[^1];
            list.Add(new Diagnostic(DiagnosticSeverity.Error, last.File, last.Line, last.Column, "too-many-diagnostics",
                $"{_dropped} more diagnostics not shown"));
        }
        return list;
    }
}
