using System.Net;
using Vigil.Core.Primitives;
using Vigil.Engine.Effects;
using Vigil.Engine.Events;
using Vigil.Config.Model;
using Vigil.Linux.Mail;
using Vigil.Linux.Netlink;
using Vigil.Linux.Processes;
using ScriptCommand = Vigil.Linux.Processes.ScriptCommand;

namespace Vigil.Daemon;

public sealed partial class VigilDaemon
{
    /// <summary>Carries out every pending effect in order. Address results go straight back into the engine,
    /// which may emit more effects: drain until empty.</summary>
    private void CarryOutEffects()
    {
        while (true)
        {
            _effects.Clear();
            _engine.DrainEffects(_effects);
            if (_effects.Count == 0)
                return;
            foreach (var effect in _effects)
                CarryOut(effect);
        }
    }

    /// <summary>Drains the engine's effects and sends the adverts at their head; returns how many were sent.</summary>
    private int SendLeadingAdverts()
    {
        _effects.Clear();
        _engine.DrainEffects(_effects);
        int i = 0;
        for (; i < _effects.Count && _effects[i] is SendAdvert s; i++)
            Send(s);
        return i;
    }

    /// <summary>Carries out what <see cref="SendLeadingAdverts"/> left, then anything new.</summary>
    private void CarryOutRest(int sent)
    {
        for (int i = sent; i < _effects.Count; i++)
            CarryOut(_effects[i]);
        CarryOutEffects();
    }

    private void CarryOut(EngineEffect effect)
    {
        switch (effect)
        {
            case SendAdvert s:
                Send(s);
                break;
            case AddAddress a:
                ChangeAddress(a.Instance, a.Address, AddressOperation.Add);
                break;
            case RemoveAddress r:
                if (_engine.IsStopped && _options.DontReleaseVrrp)
                    break; // -V: leave the VIPs in place at shutdown
                ChangeAddress(r.Instance, r.Address, AddressOperation.Remove);
                break;
            case Announce a:
                Announce(a);
                break;
            case RunScript r:
                StartScript(r);
                break;
            case RunNotify n:
                _notify.Enqueue(n.Key, new ScriptCommand(n.Argv, n.User, n.Group, _config.Global.EnableScriptSecurity), n.NotifyId);
                break;
            case WriteFifo w:
                WriteFifoLine(w);
                break;
            case LogLine l:
                _log.Write(l.Level, l.Message, l.Detail);
                break;
            case PromoteSecondaries p:
                SetPromoteSecondaries(p.Interface);
                break;
            case MailAlert m:
                if (MailSettingsNow() is { } settings)
                    _mail.Enqueue(settings, m);
                break;
        }
    }

    private VigilConfig? _mailSettingsOf;
    private MailSettings? _mailSettings;

    /// <summary>The mail settings of the running configuration (worked out again after a reload).</summary>
    private MailSettings? MailSettingsNow()
    {
        if (!ReferenceEquals(_mailSettingsOf, _config))
        {
            _mailSettingsOf = _config;
            _mailSettings = MailSettings.For(_config.Global, _config.HostName, Environment.UserName);
        }
        return _mailSettings;
    }

    /// <summary>As keepalived: <c>net.ipv4.conf.IF.promote_secondaries=1</c> through /proc (no sysctl process on
    /// the loop). A name that could leave the directory is refused; a missing interface is logged once.</summary>
    private void SetPromoteSecondaries(string interfaceName)
    {
        if (interfaceName.Length is 0 or > 15 || interfaceName.Contains('/', StringComparison.Ordinal) || interfaceName is "." or "..")
        {
            LogOnce($"promote/{interfaceName}", $"promote_secondaries: invalid interface name '{interfaceName}'");
            return;
        }
        var path = $"/proc/sys/net/ipv4/conf/{interfaceName}/promote_secondaries";
        try
        {
            File.WriteAllText(path, "1");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            LogOnce($"promote/{interfaceName}", $"cannot set promote_secondaries on {interfaceName}: {e.Message}");
        }
    }

    private void Send(SendAdvert s)
    {
        Vigil.Linux.Sockets.VrrpSocket? socket;
        if (s.AhKey is null ? !_sockets.TryGetValue((s.Interface, s.Family), out socket) : !_ahSockets.TryGetValue(s.Interface, out socket))
        {
            LogOnce($"nosocket/{s.Interface}/{s.Family}", $"({s.Instance}) no VRRP socket on {s.Interface}: advert not sent");
            return;
        }
        if (!_timerAt.IsNever)
        {
            _sendLatency.Add(MonotonicClock.Now().Microseconds - _timerAt.Microseconds);
            _timerAt = MonotonicTime.Never;
        }
        foreach (var destination in s.Destinations)
        {
            int errno = socket.Send(s.Payload.Span, s.Source, destination, s.Ttl, s.AhKey);
            if (errno != 0)
                LogOnce($"send/{s.Instance}/{errno}", $"({s.Instance}) cannot send advert to {destination}: errno {errno}");
        }
    }

    private void ChangeAddress(string instance, Engine.Model.VirtualAddress vip, AddressOperation operation)
    {
        if (!_links.TryGetValue(vip.Interface, out var link))
        {
            _engine.OnAddressResult(new AddressResult(instance, vip, operation, operation == AddressOperation.Remove,
                operation == AddressOperation.Remove ? null : $"no interface {vip.Interface}"), MonotonicClock.Now());
            return;
        }
        var info = new AddressInfo(link.Index, vip.Address, vip.Prefix, vip.Broadcast, ScopeOf(vip.Scope), vip.Label);
        var started = MonotonicClock.Now();
        var result = operation == AddressOperation.Add ? _netlink.AddAddress(info) : _netlink.RemoveAddress(info);
        if (_log.Detail)
            _addressLatency.Add(MonotonicClock.Now().Microseconds - started.Microseconds);
        if (!result.Ok)
            LogOnce($"addr/{operation}/{vip}", $"({instance}) cannot {(operation == AddressOperation.Add ? "add" : "remove")} {vip} on {vip.Interface}: {result.Describe()}");
        _engine.OnAddressResult(new AddressResult(instance, vip, operation, result.Ok, result.Ok ? null : result.Describe()),
            MonotonicClock.Now());
    }

    internal static byte ScopeOf(string? scope) => scope switch
    {
        null or "" or "global" or "universe" => 0,
        "site" => 200,
        "link" => 253,
        "host" => 254,
        "nowhere" => 255,
        _ => byte.TryParse(scope, out var n) ? n : (byte)0,
    };

    private void Announce(Announce a)
    {
        if (!_links.TryGetValue(a.Interface, out var link) || link.Mac is null)
        {
            LogOnce($"announce/{a.Interface}", $"({a.Instance}) cannot announce on {a.Interface}: no such Ethernet interface");
            return;
        }
        int errno = a.Family == IpFamily.IPv4
            ? _announcer.SendGratuitousArp(link.Index, link.Mac, a.Address)
            : _announcer.SendNeighbourAdvert(link.Index, link.Mac, a.Address);
        if (errno != 0)
            LogOnce($"announce/{a.Interface}/{errno}", $"({a.Instance}) cannot send a {(a.Family == IpFamily.IPv4 ? "gratuitous ARP" : "neighbour advertisement")} on {a.Interface}: errno {errno}");
    }

    private void StartScript(RunScript r)
    {
        // The outcome arrives on the spawner's thread, which must not wait on anything: it only becomes an input
        // for the loop (and a start failure's log line goes to the pool, since a log write can block).
        ScriptRunner.Start(new ScriptCommand(r.Argv, r.User, r.Group, _config.Global.EnableScriptSecurity), r.Timeout, o =>
        {
            var completion = new ScriptCompletion(r.Script, r.RunId, MapOutcome(o.Kind),
                o.Kind == ScriptOutcomeKind.Exited ? o.Status : 0,
                o.Kind is ScriptOutcomeKind.Signaled or ScriptOutcomeKind.TimedOut ? o.Status : 0, o.Duration);
            if (o.Kind == ScriptOutcomeKind.CouldNotStart)
                ThreadPool.QueueUserWorkItem(_ => _log.Warning($"VRRP_Script({r.Script}) {o.Describe()}"));
            _inbox.TryPost(new DriverInput.ScriptDone(completion));
        });
    }

    private void WriteFifoLine(WriteFifo w)
    {
        if (!_fifos.TryGetValue(w.Path, out var fifo))
            _fifos[w.Path] = fifo = new NotifyFifo(w.Path);
        int errno = fifo.Write(w.Line + "\n");
        if (errno != 0)
            LogOnce($"fifo/{w.Path}/{errno}", $"cannot write to notify FIFO {w.Path}: errno {errno}");
    }
}
