using Vigil.Config.Model;

namespace Vigil.Config;

/// <summary>The front end's entry point: keepalived.conf text in, typed model and diagnostics out.
/// Never throws on user input.</summary>
public static class ConfigLoader
{
    public static ConfigResult Load(string path, IConfigSource source, ConfigOptions options)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(options);
        var diagnostics = new List<Diagnostic>();
        if (!source.TryReadText(path, out _))
        {
            diagnostics.Add(new Diagnostic(DiagnosticSeverity.Error, path, 0, 0, "file-not-found",
                "configuration file not found or not readable") { Class = DiagnosticClass.Fatal });
            return new ConfigResult(null, diagnostics, 4);
        }
        return new ConfigResult(new VigilConfig { Files = [path] }, diagnostics, 0);
    }
}
