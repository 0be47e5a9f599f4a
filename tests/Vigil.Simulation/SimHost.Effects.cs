using System.Net;
using Vigil.Core.Primitives;
using Vigil.Engine.Effects;
using Vigil.Engine.Events;

namespace Vigil.Simulation;

public sealed partial class SimHost
{
    /// <summary>Carries out every pending effect of the engine, as the Linux driver would.</summary>
    public void Drain(MonotonicTime now)
    {
        if (Engine is not { } engine)
        {
            return;
        }

        var effects = engine.PendingEffects;
        for (var i = 0; i < effects.Count; i++)
        {
            Apply(effects[i], now);
        }

        engine.ClearEffects();
    }

    private void Apply(EngineEffect effect, MonotonicTime now)
    {
        switch (effect)
        {
            case SendAdvert send:
                AdvertsSent++;
                sim.Transmit(this, send, now);
                break;
            case AddAddress add:
                Addresses[(add.Address.Interface, add.Address.Address)] = add.Instance;
                sim.Trace(this, 2, add.Instance, add.Address.Address.GetHashCode());
                break;
            case RemoveAddress remove:
                if (Addresses.TryGetValue((remove.Address.Interface, remove.Address.Address), out var owner) && owner == remove.Instance)
                {
                    Addresses.Remove((remove.Address.Interface, remove.Address.Address));
                }

                sim.Trace(this, 3, remove.Instance, remove.Address.Address.GetHashCode());
                break;
            case Vigil.Engine.Effects.Announce:
                Announcements++;
                break;
            case RunScript run:
                StartScript(run, now);
                break;
            case RunNotify notify:
                Notifies.Add($"{notify.Key}: {string.Join(' ', notify.Argv)}");
                sim.Trace(this, 4, notify.Key, notify.Argv.Count);
                break;
            case WriteFifo fifo:
                Notifies.Add($"fifo: {fifo.Line}");
                break;
            case MailAlert mail:
                Mails.Add(mail.Subject);
                break;
            case LogLine line:
                if (sim.Options.KeepLogs)
                {
                    Log.Add($"{now} {line.Message}");
                }

                break;
        }
    }

    private void StartScript(RunScript run, MonotonicTime now)
    {
        var behaviour = Scripts.GetValueOrDefault(run.Script) ?? sim.DefaultScript;
        var (exit, duration) = behaviour.RunAt(now - sim.StartTime);
        ScriptCompletion completion;
        if (duration > run.Timeout)
        {
            duration = run.Timeout;
            completion = new ScriptCompletion(run.Script, run.RunId, ScriptOutcome.TimedOut, 0, 15, duration);
        }
        else if (exit < 0)
        {
            completion = new ScriptCompletion(run.Script, run.RunId, ScriptOutcome.CouldNotStart, 0, 0, duration);
        }
        else
        {
            completion = ScriptCompletion.Exit(run.Script, run.RunId, exit, duration);
        }

        sim.ScheduleScriptDone(this, now + duration, completion);
    }

    internal void Deliver(SimInterface iface, IpFamily family, byte[] source, byte[] destination, byte ttl,
        ReadOnlyMemory<byte> payload, MonotonicTime now)
    {
        if (Engine is not { } engine || !iface.LinkUp)
        {
            return;
        }

        // An IPv4 header in front (version nibble 4, where VRRP has 2 or 3) marks an AH datagram.
        if (family == IpFamily.IPv4 && payload.Length > 0 && payload.Span[0] >> 4 == 4)
        {
            engine.OnAhAdvertReceived(iface.Name, payload.Span, now);
        }
        else
        {
            engine.OnAdvertReceived(iface.Name, family, source, destination, ttl, payload.Span, now);
        }

        Drain(now);
    }

    internal void CompleteScript(in ScriptCompletion completion, MonotonicTime now)
    {
        if (Engine is { } engine)
        {
            engine.OnScriptCompleted(completion, now);
            Drain(now);
        }
    }

    internal void Timer(MonotonicTime now)
    {
        if (Engine is { } engine)
        {
            engine.OnTimer(now);
            Drain(now);
        }
    }

    internal static bool IsIpv6(IPAddress a) => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6;
}
