namespace Vigil.Config.Tests;

/// <summary>Small configurations that each exercise one rule (Fixtures/cases), judged by keepalived 2.2.7
/// (Expectations/case-verdicts.tsv, from tools/keepalived-verdicts.sh, daemon verdict column) and by Vigil on a host
/// that has eth0 and the scripts they name, as the recording host had.</summary>
public sealed class CaseComparisonTests
{
    private static readonly string Dir = Path.Combine(TestPaths.TestProject, "Fixtures", "cases");

    private sealed class RecordingHost : IHostEnvironment
    {
        public bool InterfaceExists(string name) => name is "eth0" or "lo";
        public bool UserExists(string name) => name == "root";
        public bool GroupExists(string name) => name == "root";
        public ScriptFileStatus CheckScript(string command, string? user) => ScriptFileStatus.Ok;
    }

    public static TheoryData<string> Cases()
    {
        var data = new TheoryData<string>();
        foreach (var line in File.ReadLines(
            Path.Combine(TestPaths.TestProject, "Expectations", "case-verdicts.tsv")).Where(l => !l.StartsWith('#')))
        {
            data.Add(line);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Vigil_gives_keepalived_verdict(string row)
    {
        var parts = row.Split('\t');
        var r = ConfigLoader.Load(Path.Combine(Dir, parts[0]), DiskSnapshot.Of(Dir),
            new ConfigOptions { HostName = "corpus-host", Host = new RecordingHost() });
        // Column 4: the daemon's verdict (4 where keepalived -t says 5 but the daemon refuses to start).
        Assert.Equal(int.Parse(parts[3], System.Globalization.CultureInfo.InvariantCulture), r.ExitCode);
    }
}
