using System.Text;
using Vigil.Config;
using Vigil.Config.Model;

namespace Vigil.Fuzz;

/// <summary>
/// The configuration front end, preprocessor to typed model, over an in-memory file system (no disk). The input is
/// the main file /etc/keepalived/keepalived.conf; a line <c>#@@ PATH</c> starts another file at PATH (relative paths
/// are taken from /etc/keepalived), so inputs can exercise <c>include</c>, its globs and include loops. Parameters,
/// <c>${_ENV X}</c> and <c>${_RANDOM}</c> get fixed values so each input always takes the same path. A model that can
/// run is then loaded into an engine, as the daemon does on start and reload, and its timers run for a while.
/// </summary>
internal static class ConfigTarget
{
    private const string MainPath = "/etc/keepalived/keepalived.conf";
    private const string FileMarker = "#@@ ";

    private static readonly ConfigOptions Options = new()
    {
        HostName = "node1.example",
        Environment = new Dictionary<string, string> { ["VIGIL_IF"] = "eth0", ["VIGIL_PRIO"] = "150", ["EMPTY"] = "" },
        RandomSeed = 1,
    };

    // VIGIL_FUZZ_SHOW=1 with a replay prints what the front end said of each input: for checking new seeds.
    private static readonly bool Show = Environment.GetEnvironmentVariable("VIGIL_FUZZ_SHOW") == "1";

    public static void Run(byte[] data)
    {
        var source = new InMemoryConfigSource();
        var files = Split(Encoding.UTF8.GetString(data));
        foreach (var (path, text) in files)
            source.Add(path, text);

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var result = ConfigLoader.Load(MainPath, source, Options);
        if (Show)
        {
            foreach (var d in result.Diagnostics)
                Console.Error.WriteLine(d);
            Console.Error.WriteLine($"exit code {result.ExitCode}, {result.Model?.Instances.Count ?? 0} instances, "
                + $"{result.Diagnostics.Count} diagnostics, loaded in {clock.ElapsedMilliseconds} ms");
        }

        Invariant.Holds(result.ExitCode is 0 or 4 or 5 or 6, $"exit code {result.ExitCode} is not one of keepalived's");
        Invariant.Holds(result.Model is not null || result.ExitCode == 4, "no model, yet the configuration can run");
        Invariant.Holds(
            result.ExitCode == ConfigLoader.ExitCode(result.Diagnostics),
            "the exit code disagrees with the diagnostics");
        foreach (var d in result.Diagnostics)
        {
            // A diagnostic names the file, line and column it is about (the main file always exists here).
            Invariant.Holds(
                !string.IsNullOrEmpty(d.File) && !string.IsNullOrEmpty(d.Message) && !string.IsNullOrEmpty(d.Code),
                $"a diagnostic without a file, code or message: {d}");
            Invariant.Holds(d.Line >= 1 && d.Column >= 1, $"a diagnostic without a line and column: {d}");
            _ = d.ToString();
        }

        if (result.CanRun)
        {
            clock.Restart();
            Touch(result.Model!);
            if (Show)
                Console.Error.WriteLine($"engine ran in {clock.ElapsedMilliseconds} ms");
        }
    }

    // What the daemon does with a model it would run: load it into the engine and let the instances start.
    private static void Touch(VigilConfig model)
    {
        _ = model.ToString();
        var engine = EngineDriver.Load(model);
        EngineDriver.RunTimers(engine, EngineDriver.Start, TimeSpan.FromSeconds(3));
    }

    private static List<(string Path, string Text)> Split(string input)
    {
        var files = new List<(string, string)>();
        var path = MainPath;
        var text = new StringBuilder();
        foreach (var line in input.Split('\n'))
        {
            if (line.StartsWith(FileMarker, StringComparison.Ordinal))
            {
                files.Add((path, text.ToString()));
                var name = line[FileMarker.Length..].Trim();
                path = name.StartsWith('/') ? name : "/etc/keepalived/" + name;
                text.Clear();
                continue;
            }
            text.Append(line).Append('\n');
        }
        files.Add((path, text.ToString()));
        return files;
    }
}
