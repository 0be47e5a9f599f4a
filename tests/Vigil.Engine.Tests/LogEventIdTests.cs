using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Vigil.Engine.Effects;
using Vigil.Engine.Logging;
using Vigil.Simulation;

namespace Vigil.Engine.Tests;

/// <summary>
/// Every engine log line is a [LoggerMessage] with a stable event id: ids are non-zero and unique, each area owns
/// one hundred of them, and a line's id, name, category and text agree with the method that wrote it. The swarm
/// runs produce the lines (elections, faults, scripts, partitions), so a line written around the catalogue fails.
/// </summary>
public sealed partial class LogEventIdTests
{
    /// <summary>The documented ranges (docs/logging.md): id / 100 names the category.</summary>
    private static readonly Dictionary<int, string> CategoryOfHundred = new()
    {
        [1] = LogCategories.Config,
        [2] = LogCategories.Vrrp,
        [3] = LogCategories.Scripts,
        [4] = LogCategories.Tracking,
        [5] = LogCategories.Auth,
        [6] = LogCategories.Routes,
    };

    private sealed record Message(int Id, string Name, LogLevel Level, string Template, MethodInfo Method);

    private static List<Message> Catalogue() =>
        typeof(VrrpEngine).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic))
            .Select(m => (Method: m, Attribute: m.GetCustomAttribute<LoggerMessageAttribute>()))
            .Where(p => p.Attribute is not null)
            .Select(p => new Message(p.Attribute!.EventId, p.Attribute.EventName ?? "", p.Attribute.Level,
                p.Attribute.Message, p.Method))
            .ToList();

    [Fact]
    public void Every_logger_message_has_a_unique_non_zero_id_and_name_in_its_area_range()
    {
        var messages = Catalogue();
        Assert.True(messages.Count >= 40, $"only {messages.Count} [LoggerMessage] methods found");
        Assert.All(messages, m => Assert.True(m.Id > 0, $"{m.Method.Name} has no event id"));
        Assert.All(messages, m => Assert.False(string.IsNullOrEmpty(m.Name), $"{m.Method.Name} has no event name"));
        Assert.Empty(messages.GroupBy(m => m.Id).Where(g => g.Count() > 1).Select(g => g.Key));
        Assert.Empty(messages.GroupBy(m => m.Name).Where(g => g.Count() > 1).Select(g => g.Key));
        Assert.Empty(messages.GroupBy(m => m.Template).Where(g => g.Count() > 1).Select(g => g.Key));
        Assert.All(
            messages,
            m => Assert.True(CategoryOfHundred.ContainsKey(m.Id / 100), $"{m.Name} ({m.Id}) is outside every range"));
        // One class per area: its ids all lie in one hundred.
        Assert.All(
            messages.GroupBy(m => m.Method.DeclaringType),
            g => Assert.Single(g.Select(m => m.Id / 100).Distinct()));
    }

    [Fact]
    public void Every_line_of_seeded_swarm_runs_carries_the_id_name_and_category_of_its_template()
    {
        var byId = Catalogue().ToDictionary(m => m.Id);
        var seen = new HashSet<int>();
        long lines = 0;
        for (ulong seed = 1; seed <= 12; seed++)
        {
            var sim = Swarm.Build(seed, new SimulationOptions { KeepLogs = true, KeepTrace = false });
            Swarm.Run(sim);
            foreach (var line in sim.Hosts.SelectMany(h => h.LogLines))
            {
                lines++;
                Assert.True(line.EventId.Id != 0, $"no event id: {line.Message}");
                Assert.True(
                    byId.TryGetValue(line.EventId.Id, out var message),
                    $"id {line.EventId.Id} is no [LoggerMessage]: {line.Message}");
                Assert.Equal(message.Name, line.EventId.Name);
                Assert.Equal(CategoryOfHundred[line.EventId.Id / 100], line.Category);
                Assert.Matches(TemplatePattern(message.Template), line.Message);
                Assert.Equal(LogLevels.ToEngine(message.Level), (line.Level, line.Detail));
                seen.Add(line.EventId.Id);
            }
        }

        Assert.True(
            lines > 0 && seen.Count >= 5,
            $"{lines} lines with {seen.Count} distinct ids: the swarm should say more");
    }

    [Fact]
    public void Lines_written_through_the_engine_logger_are_effects_in_order()
    {
        var h = new EngineHarness(Vigil.Simulation.Configs.Cluster(
            Vigil.Simulation.Configs.Instance("VI_1", 51, 100, "198.51.100.1/24")));
        var effects = h.Take();
        var enter = effects.OfType<LogLine>().Single(l => l.Message == "(VI_1) Entering BACKUP STATE (init)");
        Assert.Equal(201, enter.EventId.Id);
        Assert.Equal("EnteringState", enter.EventId.Name);
        Assert.Equal(LogCategories.Vrrp, enter.Category);
        Assert.Equal((EngineLogLevel.Info, false), (enter.Level, enter.Detail));
    }

    [Fact]
    public void Docs_list_every_event_id_with_its_name_and_template()
    {
        var doc = File.ReadAllText(Path.Combine(RepoRoot(), "docs", "logging.md"));
        Assert.All(Catalogue(), m => Assert.Contains($"| {m.Id} | {m.Name} |", doc));
        Assert.All(Catalogue(), m => Assert.Contains($"`{m.Template}`", doc));
    }

    /// <summary>A template as a whole-line pattern: each {Placeholder} stands for any text.</summary>
    private static string TemplatePattern(string template) =>
        "^" + string.Join(".*", Placeholder().Split(template).Select(Regex.Escape)) + "$";

    [GeneratedRegex(@"\{[A-Za-z]+\}")]
    private static partial Regex Placeholder();

    private static string RepoRoot([System.Runtime.CompilerServices.CallerFilePath] string path = "")
    {
        for (var dir = new DirectoryInfo(Path.GetDirectoryName(path)!); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Vigil.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("Vigil.slnx not found above " + path);
    }
}
