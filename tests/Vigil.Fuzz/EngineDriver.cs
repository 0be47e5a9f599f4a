using System.Net;
using Vigil.Config.Model;
using Vigil.Core.Primitives;
using Vigil.Engine;
using Vigil.Engine.Effects;

namespace Vigil.Fuzz;

/// <summary>A fresh engine on a host with eth0 (192.0.2.10, fe80::10) and eth1 (192.0.2.11), driven the way the
/// daemon's loop drives it: inputs, then every timer due, effects drained.</summary>
internal static class EngineDriver
{
    public static readonly IPAddress OwnV4 = IPAddress.Parse("192.0.2.10");
    public static readonly IPAddress OwnV6 = IPAddress.Parse("fe80::10");
    public static readonly MonotonicTime Start = MonotonicTime.FromMilliseconds(1000);

    public static VrrpEngine Load(VigilConfig config)
    {
        var engine = new VrrpEngine();
        engine.OnInterfaceAddress("eth0", IpFamily.IPv4, OwnV4, Start);
        engine.OnInterfaceAddress("eth0", IpFamily.IPv6, OwnV6, Start);
        engine.OnInterfaceAddress("eth1", IpFamily.IPv4, IPAddress.Parse("192.0.2.11"), Start);
        engine.Load(config, Start);
        return engine;
    }

    /// <summary>Runs the timers from <paramref name="now"/> for <paramref name="span"/> of engine time. Time must
    /// move on: a timer that stays due at the same instant after it ran would spin the daemon's loop.</summary>
    public static void RunTimers(VrrpEngine engine, MonotonicTime now, TimeSpan span)
    {
        var end = now + span;
        var effects = new List<EngineEffect>();
        engine.DrainEffects(effects);
        var sameInstant = 0;
        for (var steps = 0; steps < 100_000 && engine.NextDeadline <= end; steps++)
        {
            var due = engine.NextDeadline;
            if (due > now)
            {
                now = due;
                sameInstant = 0;
            }
            Invariant.Holds(++sameInstant < 1_000, $"a timer stays due at {now} after it ran");
            engine.OnTimer(now);
            effects.Clear();
            engine.DrainEffects(effects);
        }
    }
}
