using Vigil.Core.Primitives;
using Vigil.Config.Model;

namespace Vigil.Simulation;

public sealed partial class Simulation
{
    /// <summary>Power loss: no priority-0 advert, no address removal; the host leaves the network.</summary>
    public void Crash(SimHost host)
    {
        if (!host.IsUp)
        {
            return;
        }

        TraceText($"{host.Name} crashes");
        Trace(host, 10, "crash", 0);
        Checker.OnCrash(host);
        host.PowerOff();
        Checker.MarkDisturbance(Now, $"{host.Name} crash", masterLoss: true);
    }

    /// <summary>kill -9 of the daemon only: its VIPs stay on the interface until the next start removes them.</summary>
    public void KillDaemon(SimHost host)
    {
        if (!host.IsUp)
        {
            return;
        }

        TraceText($"{host.Name} daemon killed");
        Trace(host, 14, "kill", 0);
        Checker.OnCrash(host);
        host.KillDaemon();
        Checker.MarkDisturbance(Now, $"{host.Name} kill -9", masterLoss: true);
    }

    /// <summary>SIGTERM: masters resign with priority 0 and remove their VIPs, then the host is off.</summary>
    public void Stop(SimHost host)
    {
        if (host.Engine is not { } engine)
        {
            return;
        }

        TraceText($"{host.Name} stops");
        Trace(host, 11, "stop", 0);
        engine.OnShutdownRequested(Now);
        host.Drain(Now);
        host.PowerOff();
        Checker.MarkDisturbance(Now, $"{host.Name} stop");
    }

    /// <summary>Boots a host that is down (after a crash or stop).</summary>
    public void Restart(SimHost host)
    {
        if (host.IsUp)
        {
            return;
        }

        TraceText($"{host.Name} boots");
        Trace(host, 12, "boot", 0);
        Checker.MarkDisturbance(Now, $"{host.Name} boot");
        host.Boot(Now);
    }

    public void SetLink(SimHost host, string interfaceName, bool up)
    {
        var iface = host.FindInterface(interfaceName)
            ?? throw new ArgumentException($"no interface {interfaceName} on {host.Name}");
        if (iface.LinkUp == up)
        {
            return;
        }

        iface.LinkUp = up;
        TraceText($"{host.Name} {interfaceName} link {(up ? "up" : "down")}");
        Trace(host, 13, interfaceName, up ? 1 : 0);
        Checker.MarkDisturbance(Now, $"{host.Name} link {interfaceName} {(up ? "up" : "down")}");
        if (host.Engine is { } engine)
        {
            engine.OnLinkChanged(interfaceName, up, Now);
            host.Drain(Now);
        }
    }

    /// <summary>Splits a segment: each list of host names is one side.</summary>
    public void Partition(string segmentName, params string[][] sides)
    {
        var segment = Segments[segmentName];
        segment.Sides.Clear();
        for (var s = 0; s < sides.Length; s++)
        {
            foreach (var name in sides[s])
            {
                segment.Sides[Host(name).Index] = s;
            }
        }

        TraceText($"partition {segmentName}: {string.Join(" | ", sides.Select(s => string.Join(",", s)))}");
        Checker.MarkDisturbance(Now, "partition");
    }

    public void Heal(string segmentName)
    {
        Segments[segmentName].Sides.Clear();
        TraceText($"heal {segmentName}");
        Checker.MarkDisturbance(Now, "heal");
    }

    public void SetConditions(string segmentName, NetworkConditions conditions)
    {
        Segments[segmentName].Conditions = conditions;
        TraceText($"conditions {segmentName}: " +
            $"loss {conditions.Loss} dup {conditions.Duplicate} reorder {conditions.Reorder}");
        Checker.MarkDisturbance(Now, "conditions");
    }

    /// <summary>SIGHUP with a new configuration.</summary>
    public void Reload(SimHost host, VigilConfig config)
    {
        TraceText($"{host.Name} reloads");
        Checker.MarkDisturbance(Now, $"{host.Name} reload");
        host.Reload(config, Now);
    }

    /// <summary>Marks a scripted change of a script's outcome (so the invariants wait for things to settle).</summary>
    public void NoteScriptChange(string what) => Checker.MarkDisturbance(Now, what);

    /// <summary>A third party's packet: delivers <paramref name="payload"/> (a VRRP message) to
    /// <paramref name="host"/>'s interface now, as if it came from <paramref name="source"/>, bypassing the segment.
    /// For hostile-advert scenarios (forged senders, floods).</summary>
    public void InjectAdvert(SimHost host, string interfaceName, IpFamily family, byte[] source, byte[] destination,
        byte[] payload, byte ttl = 255)
    {
        if (host.FindInterface(interfaceName) is { } iface)
        {
            host.Deliver(iface, family, source, destination, ttl, payload, Now);
        }
    }
}
