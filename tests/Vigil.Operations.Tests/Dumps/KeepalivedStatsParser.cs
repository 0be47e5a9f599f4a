namespace Vigil.Operations.Tests.Dumps;

/// <summary>Reads keepalived's SIGUSR2 text: "VRRP Instance: X", two-space "Section:" headers, four-space
/// "Key: N" counters in a section ("Section/Key"), two-space "Key: N" counters outside one.</summary>
internal static class KeepalivedStatsParser
{
    public static Dictionary<string, Dictionary<string, long>> Parse(string text)
    {
        var result = new Dictionary<string, Dictionary<string, long>>();
        Dictionary<string, long>? current = null;
        var section = "";
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.StartsWith("VRRP Instance:", StringComparison.Ordinal))
            {
                current = result[line.Split(':', 2)[1].Trim()] = [];
                section = "";
            }
            else if (current is null)
            {
                throw new FormatException($"counter outside an instance: {line}");
            }
            else if (line.StartsWith("    ", StringComparison.Ordinal))
            {
                var parts = line.Trim().Split(':', 2);
                current[$"{section}/{parts[0].Trim()}"] = long.Parse(
                    parts[1],
                    System.Globalization.CultureInfo.InvariantCulture);
            }
            else if (line.EndsWith(':'))
            {
                section = line.Trim().TrimEnd(':');
            }
            else
            {
                var parts = line.Trim().Split(':', 2);
                current[parts[0].Trim()] = long.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture);
                section = "";
            }
        }
        return result;
    }
}
