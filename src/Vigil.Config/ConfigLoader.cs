using Vigil.Config.Model;
using Vigil.Config.Semantics;
using Vigil.Config.Syntax;

namespace Vigil.Config;

/// <summary>The front end's entry point: keepalived.conf text in, typed model and diagnostics out.
/// Never throws on user input.</summary>
public static class ConfigLoader
{
    public static ConfigResult Load(string path, IConfigSource source, ConfigOptions options)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(options);
        var diag = new DiagnosticBag();
        var pre = new Preprocessor(source, options, diag);
        if (!pre.ReadMain(path))
            return new ConfigResult(null, diag.Finish(), 4);
        var statements = SyntaxTreeBuilder.Build(pre.Lines, diag);
        var ctx = new ParseContext(diag, options)
        {
            ReadRouteTables = () => RouteTableNames.Read(source),
            ReadIpProtocols = () => IpProtocolNames.Read(source),
        };
        var builder = new ModelBuilder(ctx);
        foreach (var st in statements)
            builder.Add(st);
        var model = builder.Finish(pre.Files);
        var list = diag.Finish();
        if (options.Strict)
        {
            list = list.ConvertAll(
                d => d.Severity == DiagnosticSeverity.Warning
                    ? d with { Severity = DiagnosticSeverity.Error, Class = DiagnosticClass.Error }
                    : d);
        }

        return new ConfigResult(model, list, ExitCode(list));
    }

    /// <summary>keepalived's verdict: 4 cannot run (including a missing interface: keepalived -t says 5 there, but its
    /// daemon refuses to start, and a check that passes a configuration the daemon refuses misleads); 6 script-security
    /// errors (they win over ordinary errors, as in keepalived 2.2.7); 5 errors worked around; else 0.</summary>
    public static int ExitCode(IReadOnlyList<Diagnostic> diagnostics)
    {
        ArgumentNullException.ThrowIfNull(diagnostics);
        var worst = 0;
        foreach (var d in diagnostics)
        {
            // keepalived 2.2.7 lets a script-security error override the ordinary "worked around" errors.
            var code = d.Class switch
            {
                DiagnosticClass.Fatal or DiagnosticClass.BadInterface => 4,
                DiagnosticClass.Security => 2,
                DiagnosticClass.Error => 1,
                _ => 0,
            };
            worst = Math.Max(worst, code);
        }
        return worst switch { 4 => 4, 2 => 6, 1 => 5, _ => 0 };
    }
}
