using Vigil.Config.Model;
using Vigil.Core.Primitives;
using Vigil.Engine.Effects;
using static Vigil.Simulation.Configs;

namespace Vigil.Engine.Tests;

/// <summary>Many instances that become MASTER together: the first advert of each leaves at once, the second ones
/// are dealt into rounds of about 50, 10 ms apart, and each keeps its place after that. The engine's timers run
/// only the instances that are due.</summary>
public sealed class AdvertSpreadTests
{
    private const int Count = 200;

    private static Dictionary<string, List<MonotonicTime>> AdvertTimes(EngineHarness h, TimeSpan span)
    {
        var times = new Dictionary<string, List<MonotonicTime>>();
        var end = h.Now + span;
        while (h.Engine.NextDeadline <= end)
        {
            h.RunUntil(h.Engine.NextDeadline);
            foreach (var advert in h.Take().OfType<SendAdvert>())
            {
                if (!times.TryGetValue(advert.Instance, out var list))
                {
                    times[advert.Instance] = list = [];
                }

                list.Add(h.Now);
            }
        }

        return times;
    }

    private static EngineHarness Together() =>
        new(Cluster(Enumerable.Range(1, Count)
            .Select(i => Instance($"VI_{i}", i, 100, $"198.51.100.{i}/32") with { Version = 3 })
            .ToArray()));

    [Fact]
    public void Second_adverts_are_dealt_into_rounds_of_about_50_ten_milliseconds_apart()
    {
        var times = AdvertTimes(Together(), TimeSpan.FromSeconds(6));
        Assert.Equal(Count, times.Count);
        var first = times["VI_1"][0];
        Assert.All(times.Values, t => Assert.Equal(first, t[0]));

        // The first instance keeps the exact interval; the others are dealt into 200 / 50 = 4 rounds, packed 10 ms
        // apart and brought down to the 10 ms grid: under 40 ms early, so a backup host that loses them takes all
        // 200 over within 40 ms.
        Assert.Equal(first + TimeSpan.FromSeconds(1), times["VI_1"][1]);
        var others = times.Where(t => t.Key != "VI_1").Select(t => t.Value[1]).ToList();
        Assert.All(others, t => Assert.InRange((t - first).TotalMilliseconds, 960, 1000));
        Assert.All(others, t => Assert.Equal(0, t.Microseconds % 10_000));
        var rounds = others.GroupBy(t => t).Select(g => g.Count()).ToList();
        Assert.Equal(4, rounds.Count);
        Assert.All(rounds, n => Assert.InRange(n, 40, 60));
    }

    [Fact]
    public void Rounds_never_come_more_than_three_quarters_of_the_interval_early()
    {
        // 255 instances want 6 rounds; at 50 ms adverts three quarters of the interval (37.5 ms) hold 4 on the 10 ms
        // grid, and the one that would fall past it is brought back a step.
        var h = new EngineHarness(Cluster(Enumerable.Range(1, 255)
            .Select(i => Instance($"VI_{i}", i, 100, $"198.51.100.{i}/32") with { Version = 3, AdvertIntervalMs = 50 })
            .ToArray()));
        var times = AdvertTimes(h, TimeSpan.FromSeconds(1));
        Assert.Equal(255, times.Count);
        var first = times["VI_1"][0];
        var seconds = times.Where(t => t.Key != "VI_1").Select(t => t.Value[1]).ToList();
        Assert.All(seconds, t => Assert.InRange((t - first).TotalMilliseconds, 12.5, 50));
        Assert.InRange(seconds.Distinct().Count(), 3, 4);
    }

    [Fact]
    public void Up_to_50_instances_keep_the_exact_interval()
    {
        var h = new EngineHarness(Cluster(Enumerable.Range(1, 50)
            .Select(i => Instance($"VI_{i}", i, 100, $"198.51.100.{i}/32") with { Version = 3 })
            .ToArray()));
        var times = AdvertTimes(h, TimeSpan.FromSeconds(6));
        Assert.Equal(50, times.Count);
        Assert.All(times.Values, t => Assert.Equal(TimeSpan.FromSeconds(1), t[1] - t[0]));
    }

    [Fact]
    public void After_the_second_advert_each_instance_keeps_the_interval()
    {
        var times = AdvertTimes(Together(), TimeSpan.FromSeconds(8));
        foreach (var t in times.Values)
        {
            Assert.True(t.Count >= 4);
            for (int i = 2; i < t.Count; i++)
            {
                Assert.Equal(TimeSpan.FromSeconds(1), t[i] - t[i - 1]);
            }
        }
    }

    [Fact]
    public void An_instance_removed_by_a_reload_sends_nothing_more_and_the_rest_keep_their_places()
    {
        var h = Together();
        var before = AdvertTimes(h, TimeSpan.FromSeconds(7));
        var kept = h.Engine.Config!.Instances.Where(i => i.Name != "VI_7").ToArray();
        h.Engine.Load(h.Engine.Config with { Instances = kept }, h.Now);
        h.Take();

        var after = AdvertTimes(h, TimeSpan.FromSeconds(3));
        Assert.False(after.ContainsKey("VI_7"));
        Assert.Equal(Count - 1, after.Count);
        foreach (var (name, t) in after)
        {
            var last = before[name][^1];
            Assert.True(last + TimeSpan.FromSeconds(1) == t[0], $"{name}: {last} then {t[0]}");
        }
    }
}
