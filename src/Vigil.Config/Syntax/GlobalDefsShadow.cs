using Vigil.Config.Model;

namespace Vigil.Config.Syntax;

/// <summary>
/// keepalived reads global_defs in its parent process and its VRRP process skips it by counting braces, every '{'
/// and '}' alike. Where the parent ignored a '{' inside global_defs (a section keyword there, after a missing '}'),
/// the two readings disagree: the parent's global_defs closes at the next '}', but the VRRP process is still
/// inside it, one level per ignored '{', and skips every section until the braces balance (observed with 2.2.7:
/// such a file starts with no instances). This follows the VRRP process's count after the parent's reading ends.
/// </summary>
internal sealed class GlobalDefsShadow
{
    private int _ignored;
    private int _depth;

    /// <summary>Where the first '{' ignored inside global_defs was (for the diagnostic).</summary>
    public string IgnoredAt { get; private set; } = "";

    /// <summary>True while keepalived's VRRP process is still skipping global_defs.</summary>
    public bool Hiding => _depth > 0;

    public void IgnoredBraceInGlobalDefs(SourceLocation at)
    {
        if (_ignored++ == 0)
            IgnoredAt = $"line {at.Line}";
    }

    public void GlobalDefsClosed()
    {
        _depth = _ignored;
        _ignored = 0;
    }

    public void Open()
    {
        if (_depth > 0)
            _depth++;
    }

    public void Close()
    {
        if (_depth > 0)
            _depth--;
    }
}
