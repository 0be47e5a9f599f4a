using System.Net;
using Vigil.Core.Primitives;
using Vigil.Engine.Effects;
using Vigil.Engine.Events;
using Vigil.Engine.Ports;

namespace Vigil.Simulation;

/// <summary>The simulator's side of the engine's ports: a simulated segment, address table, script runner and
/// log, in virtual time.</summary>
public sealed partial class SimHost : IAdvertTransport, IAddressTable, IAnnouncer, IScriptRunner, INotifyFifo,
    IAlertSender, ILogSink, IClock
{
    private EffectPump? _pump;
    private MonotonicTime _drainNow;

    /// <summary>Carries out every pending effect of the engine through this host's ports, as the daemon does.</summary>
    public void Drain(MonotonicTime now)
    {
        if (Engine is not { } engine)
        {
            return;
        }

        if (_pump is null || _pump.Engine != engine)
        {
            _pump = new EffectPump(engine, new EnginePorts
            {
                Adverts = this, Addresses = this, Announcer = this, Scripts = this, Fifo = this, Alerts = this,
                Log = this, Clock = this, Firewall = this, Routes = this,
            });
        }

        _drainNow = now;
        _pump.Run();
    }

    MonotonicTime IClock.Now => _drainNow;

    void IAdvertTransport.Send(SendAdvert send)
    {
        AdvertsSent++;
        _sim.Transmit(this, send, _drainNow);
    }

    AddressResult IAddressTable.Add(AddAddress add)
    {
        Addresses[(add.Address.Interface, add.Address.Address)] = add.Instance;
        _sim.Trace(this, 2, add.Instance, add.Address.Address.GetHashCode());
        return new AddressResult(add.Instance, add.Address, AddressOperation.Add, true, null);
    }

    AddressResult IAddressTable.Remove(RemoveAddress remove)
    {
        if (Addresses.TryGetValue((remove.Address.Interface, remove.Address.Address), out var owner)
            && owner == remove.Instance)
        {
            Addresses.Remove((remove.Address.Interface, remove.Address.Address));
        }

        _sim.Trace(this, 3, remove.Instance, remove.Address.Address.GetHashCode());
        return new AddressResult(remove.Instance, remove.Address, AddressOperation.Remove, true, null);
    }

    void IAddressTable.PromoteSecondaries(PromoteSecondaries promote)
    {
    }

    void IAnnouncer.Announce(Vigil.Engine.Effects.Announce announce) => Announcements++;

    void IScriptRunner.Start(RunScript run) => StartScript(run, _drainNow);

    void IScriptRunner.Notify(RunNotify notify)
    {
        Notifies.Add($"{notify.Key}: {string.Join(' ', notify.Argv)}");
        _sim.Trace(this, 4, notify.Key, notify.Argv.Count);
    }

    void INotifyFifo.Write(WriteFifo fifo) => Notifies.Add($"fifo: {fifo.Line}");

    void IAlertSender.Send(MailAlert mail) => Mails.Add(mail.Subject);

    void ILogSink.Write(LogLine line)
    {
        if (_sim.Options.KeepLogs)
        {
            Log.Add($"{_drainNow} {line.Message}");
            LogLines.Add(line);
        }
    }

    private void StartScript(RunScript run, MonotonicTime now)
    {
        var behaviour = Scripts.GetValueOrDefault(run.Script) ?? _sim.DefaultScript;
        var (exit, duration) = behaviour.RunAt(now - _sim.StartTime);
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

        _sim.ScheduleScriptDone(this, now + duration, completion);
    }

    internal void Deliver(SimInterface iface, IpFamily family, byte[] source, byte[] destination, byte ttl,
        ReadOnlyMemory<byte> payload, MonotonicTime now)
    {
        if (Engine is not { } engine || !iface.LinkUp)
        {
            return;
        }

        // An IPv4 header in front (version nibble 4, where VRRP has 2 or 3) marks an AH datagram.
        bool ah = family == IpFamily.IPv4 && payload.Length > 0 && payload.Span[0] >> 4 == 4;
        if (ah)
        {
            engine.OnAhAdvertReceived(iface.Name, payload.Span, now);
        }
        else
        {
            engine.OnAdvertReceived(iface.Name, family, source, destination, ttl, payload.Span, now);
        }

        foreach (var vmac in ListeningVmacs(iface.Name))
        {
            if (ah)
            {
                engine.OnAhAdvertReceived(vmac, payload.Span, now);
            }
            else
            {
                engine.OnAdvertReceived(vmac, family, source, destination, ttl, payload.Span, now);
            }
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
