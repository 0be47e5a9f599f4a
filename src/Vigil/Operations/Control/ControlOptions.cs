namespace Vigil.Operations.Control;

/// <summary>The options shared by status, reload and stop: <c>--control PATH</c> (or <c>--control=PATH</c>), plus
/// whatever flags a command allows.</summary>
public sealed class ControlOptions
{
    public string ControlPath { get; private set; } = ControlServer.DefaultPath;

    public HashSet<string> Flags { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, string> Values { get; } = new(StringComparer.Ordinal);

    /// <summary>Parses <paramref name="args"/>. <paramref name="flags"/> take no value, <paramref name="valued"/>
    /// take one. Returns an error message, or null when the line is fine.</summary>
    public static ControlOptions? Parse(string[] args, IReadOnlyCollection<string> flags, IReadOnlyCollection<string> valued,
        out string? error)
    {
        ArgumentNullException.ThrowIfNull(args);
        var options = new ControlOptions();
        error = null;
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            var eq = arg.StartsWith("--", StringComparison.Ordinal) ? arg.IndexOf('=', StringComparison.Ordinal) : -1;
            var name = eq > 0 ? arg[..eq] : arg;
            string? inline = eq > 0 ? arg[(eq + 1)..] : null;
            if (name == "--control" || valued.Contains(name))
            {
                var value = inline ?? (i + 1 < args.Length ? args[++i] : null);
                if (string.IsNullOrEmpty(value))
                {
                    error = $"{name} needs a value";
                    return null;
                }
                if (name == "--control")
                    options.ControlPath = value;
                else
                    options.Values[name] = value;
            }
            else if (inline is null && flags.Contains(name))
                options.Flags.Add(name);
            else
            {
                error = $"unknown option '{arg}'";
                return null;
            }
        }
        return options;
    }
}
