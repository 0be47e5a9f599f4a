using Vigil.Core.Primitives;
using Vigil.Core.Protocol;
using Vigil.Core.Routing;
using Vigil.Core.Tests.Routing;
using Vigil.Engine.Effects;
using static Vigil.Simulation.Configs;

namespace Vigil.Engine.Tests;

/// <summary>Adverts a hostile or broken sender can produce: floods of lower priorities at a MASTER, forged lower
/// adverts at a BACKUP, and the per-instance log rate limit they meet.</summary>
public sealed class HostileAdvertTests
{
    private static readonly byte[] RealMaster = [192, 0, 2, 200];
    private static readonly byte[] Forger = [192, 0, 2, 66];
    private static MonotonicTime Ms(long ms) => MonotonicTime.FromMilliseconds(ms);

    private static (VrrpInstanceMachine Machine, RecordingActions Actions) Make(InstanceParameters p, int priority)
    {
        var actions = new RecordingActions();
        var machine = new VrrpInstanceMachine(p, actions);
        machine.Start(Ms(0), Priority.FromInt32(priority), false);
        return (machine, actions);
    }

    private static (VrrpInstanceMachine Machine, RecordingActions Actions) Master(InstanceParameters p)
    {
        var (m, a) = Make(p, 100);
        m.OnTimer(m.TimerDeadline);
        a.Calls.Clear();
        return (m, a);
    }

    private static ReceivedAdvert From(byte[] sender, byte priority) => new(new Priority(priority),
        VrrpWire.FromCentiseconds(100), 1, sender);

    [Fact]
    public void Master_answers_at_most_one_lower_advert_per_advert_interval_and_counts_the_rest()
    {
        var (m, a) = Master(new InstanceParameters { GarpLowerPrioDelay = TimeSpan.Zero });
        var start = m.TimerDeadline.AddMicroseconds(-500_000); // mid-interval, before the next periodic advert
        for (var i = 0; i < 1000; i++)
        {
            m.OnAdvert(start.AddMicroseconds(i * 100), From(Forger, 50)); // 1000 adverts in 0.1 s
        }

        Assert.Equal(["log MasterReceivedLowerPriority", "advert 100", "announce 5"], a.Calls);
        Assert.Equal(999, m.LowerPriorityAnswersSuppressed);
        Assert.Equal(VrrpState.Master, m.State);

        // One interval after the first answer, the next lower advert is answered again.
        a.Calls.Clear();
        m.OnAdvert(start.AddMicroseconds(999_999), From(Forger, 50));
        Assert.DoesNotContain(a.Calls, c => c.StartsWith("advert", StringComparison.Ordinal));
        m.OnAdvert(start.AddMicroseconds(1_000_000), From(Forger, 50));
        Assert.Equal(["log MasterReceivedLowerPriority", "advert 100", "announce 5"], a.Calls);
        Assert.Equal(1000, m.LowerPriorityAnswersSuppressed);
    }

    [Fact]
    public void Master_still_yields_to_a_higher_advert_in_the_middle_of_a_flood()
    {
        var (m, _) = Master(new InstanceParameters());
        var t = m.TimerDeadline.AddMicroseconds(-500_000);
        for (var i = 0; i < 100; i++)
        {
            m.OnAdvert(t.AddMicroseconds(i), From(Forger, 50));
        }

        m.OnAdvert(t.AddMicroseconds(200), From(RealMaster, 150));
        Assert.Equal(VrrpState.Backup, m.State);
    }

    [Fact]
    public void Backup_ignores_a_forged_lower_advert_from_an_address_that_is_not_its_master()
    {
        var (m, a) = Make(new InstanceParameters(), 100);
        m.OnAdvert(Ms(1000), From(RealMaster, 150));
        var deadline = m.TimerDeadline;
        m.OnAdvert(Ms(1100), From(Forger, 50));
        Assert.Equal(deadline, m.TimerDeadline);
        Assert.Equal(0, m.FastHandovers);
        Assert.Contains("log ReceivedLowerPriorityDiscarding", a.Calls);
        m.OnTimer(Ms(1100) + m.SkewTime);
        Assert.Equal(VrrpState.Backup, m.State);
    }

    [Fact]
    public void Backup_that_has_heard_no_master_ignores_lower_adverts_for_fast_handover()
    {
        var (m, _) = Make(new InstanceParameters(), 100);
        var deadline = m.TimerDeadline;
        m.OnAdvert(Ms(100), From(Forger, 50));
        Assert.Equal(deadline, m.TimerDeadline);
    }

    [Fact]
    public void Fast_handover_fires_once_per_demotion_of_the_followed_master()
    {
        var (m, _) = Make(new InstanceParameters(), 100);
        m.OnAdvert(Ms(1000), From(RealMaster, 150));
        m.OnAdvert(Ms(2000), From(RealMaster, 50)); // demoted: take over one Skew_Time later
        var takeover = Ms(2000) + m.SkewTime;
        Assert.Equal(takeover, m.TimerDeadline);
        m.OnAdvert(Ms(2100), From(RealMaster, 50));
        Assert.Equal(takeover, m.TimerDeadline);
        Assert.Equal(1, m.FastHandovers);

        // Promoted again (accepted), then demoted again: a new demotion, a new fast handover.
        m.OnAdvert(Ms(2200), From(RealMaster, 150));
        Assert.Equal(Ms(2200) + m.MasterDownInterval, m.TimerDeadline);
        m.OnAdvert(Ms(2300), From(RealMaster, 50));
        Assert.Equal(Ms(2300) + m.SkewTime, m.TimerDeadline);
        Assert.Equal(2, m.FastHandovers);
    }

    [Fact]
    public void Engine_master_flooded_with_lower_adverts_sends_one_answer_per_interval_and_rate_limits_its_log()
    {
        var config = Cluster(
            Instance("VI_1", 51, 100, "198.51.100.1/24") with { Version = 3, AdvertIntervalMs = 1000 });
        var h = new EngineHarness(config);
        h.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(VrrpState.Master, h.Engine.GetInstanceStatus("VI_1")!.State);
        h.Advance(TimeSpan.FromMilliseconds(300)); // away from the periodic advert
        h.Take();

        var flood = EngineHarness.Advert(51, 50, version: 3, source: "192.0.2.66", vips: "198.51.100.1");
        for (var i = 0; i < 20_000; i++)
        {
            h.Receive(flood, source: "192.0.2.66"); // all at the same instant
        }

        var effects = h.Take();
        Assert.Single(effects.OfType<SendAdvert>());
        Assert.Equal(5, effects.OfType<Effects.Announce>().Count()); // one burst of garp_lower_prio_repeat 5
        Assert.Single(effects.OfType<LogLine>(), l => l.Message.Contains("lower priority 50"));
        var counters = h.Engine.GetInstanceStatus("VI_1")!.Counters;
        Assert.Equal(19_999, counters.LowerPriorityAnswersSuppressed);

        // Ten seconds of a flood at 1,000 adverts a second: one answer a second, a bounded number of log lines,
        // and a "suppressed N" line once lines flow again.
        for (var s = 0; s < 10_000; s++)
        {
            h.Advance(TimeSpan.FromMilliseconds(1));
            h.Receive(flood, source: "192.0.2.66");
        }

        h.Advance(TimeSpan.FromSeconds(3));
        effects = h.Take();
        var answers = effects.OfType<SendAdvert>().Count();
        Assert.InRange(answers, 13, 13 + 11); // 13 s of periodic adverts plus at most one answer a second
        var lines = effects.OfType<LogLine>().Count(l => l.Message.Contains("lower priority 50"));
        Assert.InRange(lines, 10, 11); // the log line comes with the answer, not with every advert
        Assert.Equal(VrrpState.Master, h.Engine.GetInstanceStatus("VI_1")!.State);
    }

    [Fact]
    public void Engine_backup_flooded_with_forged_lower_adverts_logs_a_bounded_number_of_lines_and_reports_the_rest()
    {
        var config = Cluster(
            Instance("VI_1", 51, 100, "198.51.100.1/24") with { Version = 3, AdvertIntervalMs = 1000 });
        var h = new EngineHarness(config);
        var real = EngineHarness.Advert(51, 150, version: 3, source: "192.0.2.200", vips: "198.51.100.1");
        var forged = EngineHarness.Advert(51, 50, version: 3, source: "192.0.2.66", vips: "198.51.100.1");
        h.Receive(real, source: "192.0.2.200");
        h.Take();
        for (var i = 0; i < 5_000; i++)
        {
            h.Receive(forged, source: "192.0.2.66");
        }

        var discarding = h.Take().OfType<LogLine>().Count(l => l.Message.Contains("discarding"));
        Assert.Equal(LogRateLimiter.Burst, discarding);
        Assert.Equal(5_000 - LogRateLimiter.Burst, h.Engine.GetInstanceStatus("VI_1")!.Counters.LogLinesSuppressed);

        // The real master keeps advertising; the forged adverts changed nothing.
        for (var s = 0; s < 5; s++)
        {
            h.Advance(TimeSpan.FromSeconds(1));
            h.Receive(real, source: "192.0.2.200");
        }

        Assert.Equal(VrrpState.Backup, h.Engine.GetInstanceStatus("VI_1")!.State);
        Assert.Equal(0, h.Engine.GetInstanceStatus("VI_1")!.Counters.FastHandovers);
        var report = Assert.Single(
            h.Take().OfType<LogLine>(),
            l => l.Message.Contains("suppressed", StringComparison.Ordinal));
        Assert.StartsWith($"(VI_1) suppressed {5_000 - LogRateLimiter.Burst} log lines", report.Message);
    }
}
