namespace Vigil.Operations.Tests.Dumps;

/// <summary>An independent reading of keepalived's SIGUSR1 text as monitoring tools parse it: " VRRP Instance = X"
/// opens an instance, "   Key = value" sets a property, "   Virtual IP (N):" starts a list of five-space lines,
/// any line without leading spaces closes the block; " VRRP Script = X" opens a script with Status and State.</summary>
internal static class KeepalivedDataParser
{
    public sealed record Instance(string State, string Interface, int Vrid, List<string> Vips);

    public static (Dictionary<string, Instance> Instances, List<(string Name, string Status, string State)> Scripts)
        Parse(string text)
    {
        var instances = new Dictionary<string, Instance>();
        var scripts = new List<(string, string, string)>();
        string? instance = null, script = null, key = null;
        string status = "", scriptState = "";
        var props = new Dictionary<string, string>();
        var vips = new List<string>();

        void Close()
        {
            if (instance is not null)
            {
                instances[instance] = new Instance(
                    props.GetValueOrDefault("State", ""),
                    props.GetValueOrDefault("Interface", ""),
                    int.Parse(
                        props.GetValueOrDefault("Virtual Router ID", "0"),
                        System.Globalization.CultureInfo.InvariantCulture),
                    vips);
            }

            if (script is not null)
                scripts.Add((script, status, scriptState));
            instance = script = key = null;
            props = [];
            vips = [];
            status = scriptState = "";
        }

        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith(" VRRP Instance = ", StringComparison.Ordinal))
            {
                Close();
                instance = line.Split('=')[1].Trim();
            }
            else if (line.StartsWith(" VRRP Script = ", StringComparison.Ordinal))
            {
                Close();
                script = line.Split('=')[1].Trim();
            }
            else if (line.StartsWith("     ", StringComparison.Ordinal))
            {
                if (instance is not null && key is not null && key.StartsWith("Virtual IP (", StringComparison.Ordinal))
                    vips.Add(line.Trim());
            }
            else if (line.StartsWith("   ", StringComparison.Ordinal))
            {
                var sep = line.Contains('=', StringComparison.Ordinal)
                    ? '='
                    : line.Contains(':', StringComparison.Ordinal) ? ':' : '\0';
                if (sep == '\0')
                    continue;
                var parts = line.Trim().Split(sep, 2);
                key = parts[0].Trim();
                var value = parts[1].Trim();
                if (instance is not null)
                    props[key] = value;
                else if (script is not null && key == "Status")
                    status = value;
                else if (script is not null && key == "State")
                    scriptState = value;
            }
            else
            {
                Close();
            }
        }
        Close();
        return (instances, scripts);
    }
}
