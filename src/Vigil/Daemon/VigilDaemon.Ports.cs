using System.Net;
using Microsoft.Extensions.Logging;
using Vigil.Config.Model;
using Vigil.Core.Primitives;
using Vigil.Engine.Effects;
using Vigil.Engine.Events;
using Vigil.Engine.Ports;
using Vigil.Linux.Mail;
using Vigil.Linux.Netlink;
using Vigil.Linux.Processes;
using Vigil.Logging;

namespace Vigil.Daemon;

/// <summary>The daemon's side of the engine's ports: the Linux world (raw sockets, rtnetlink, AF_PACKET, the
/// script spawner, FIFOs, SMTP, the log). <see cref="EffectPump"/> decides what to call, in what order.</summary>
public sealed partial class VigilDaemon : IAdvertTransport, IAddressTable, IAnnouncer, IScriptRunner, INotifyFifo,
    IAlertSender, ILogSink, IClock
{
    /// <summary>Carries out every pending effect, in order, through the ports below.</summary>
    private void CarryOutEffects()
    {
        _announceOffload.NewTurn();
        _pump.Run();
    }

    MonotonicTime IClock.Now => MonotonicClock.Now();

    void IAdvertTransport.Send(SendAdvert advert) => Send(advert);

    AddressResult IAddressTable.Add(AddAddress add)
    {
        // A VIP comes or goes when an instance enters or leaves MASTER: the transition ran code from the binary's
        // cold part, handed back 20 s later like a client's request (VigilDaemon.Memory).
        ScheduleImageTrim();
        return ChangeAddress(add.Instance, add.Address, AddressOperation.Add);
    }

    AddressResult IAddressTable.Remove(RemoveAddress remove)
    {
        ScheduleImageTrim();
        return _engine.IsStopped && _options.DontReleaseVrrp
            // -V: leave the VIPs in place at shutdown
            ? new AddressResult(remove.Instance, remove.Address, AddressOperation.Remove, true, null)
            : ChangeAddress(remove.Instance, remove.Address, AddressOperation.Remove);
    }

    void IAddressTable.PromoteSecondaries(PromoteSecondaries promote) => SetPromoteSecondaries(promote.Interface);

    void IAnnouncer.Announce(Announce announce) => Announce(announce);

    void IScriptRunner.Start(RunScript run) => StartScript(run);

    void IScriptRunner.Notify(RunNotify n) =>
        _notify.Enqueue(
            n.Key,
            new ScriptLaunch(n.Argv, n.User, n.Group, _config.Global.EnableScriptSecurity),
            n.NotifyId);

    void INotifyFifo.Write(WriteFifo line) => WriteFifoLine(line);

    void IAlertSender.Send(MailAlert alert)
    {
        if (MailSettingsNow() is { } settings)
            _mail.Enqueue(settings, alert);
    }

    void ILogSink.Write(LogLine line) => _log.Write(line);

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
        if (interfaceName.Length is 0 or > 15
            || interfaceName.Contains('/', StringComparison.Ordinal)
            || interfaceName is "." or "..")
        {
            if (FirstTime($"promote/{interfaceName}"))
                _logger.PromoteSecondariesBadName(interfaceName);
            return;
        }
        var path = $"/proc/sys/net/ipv4/conf/{interfaceName}/promote_secondaries";
        try
        {
            File.WriteAllText(path, "1");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            if (FirstTime($"promote/{interfaceName}"))
                _logger.PromoteSecondariesFailed(interfaceName, e.Message);
        }
    }

    private void Send(SendAdvert s)
    {
        Vigil.Linux.Sockets.VrrpSocket? socket;
        if (s.AhKey is null
            ? !_sockets.TryGetValue((s.Interface, s.Family), out socket)
            : !_ahSockets.TryGetValue(s.Interface, out socket))
        {
            if (FirstTime($"nosocket/{s.Interface}/{s.Family}"))
                _logger.NoVrrpSocket(s.Instance, s.Interface);
            return;
        }
        if (!_timerAt.IsNever)
        {
            _sendLatency.Add(MonotonicClock.Now().Microseconds - _timerAt.Microseconds);
            _timerAt = MonotonicTime.Never;
        }
        // Indexed, not foreach: enumerating the interface allocates an enumerator on every advert, which at 4,000
        // instances was 130 KB a second and a collection every few seconds for a daemon with nothing else to do.
        var destinations = s.Destinations;
        for (int i = 0; i < destinations.Count; i++)
        {
            var destination = destinations[i];
            int errno = socket.Send(s.Payload.Span, s.Source, destination, s.Ttl, s.AhKey, s.AhUnicast);
            if (errno != 0)
            {
                if (FirstTime($"send/{s.Instance}/{errno}"))
                    _logger.AdvertSendFailed(s.Instance, $"{destination}", errno);
            }
        }
    }

    private AddressResult ChangeAddress(string instance, Engine.Model.VirtualAddress vip, AddressOperation operation)
    {
        if (!_links.TryGetValue(vip.Interface, out var link))
        {
            return new AddressResult(instance, vip, operation, operation == AddressOperation.Remove,
                operation == AddressOperation.Remove ? null : $"no interface {vip.Interface}");
        }
        var info = new AddressInfo(link.Index, vip.Address, vip.Prefix, vip.Broadcast, ScopeOf(vip.Scope), vip.Label);
        var started = MonotonicClock.Now();
        var result = operation == AddressOperation.Add ? _netlink.AddAddress(info) : _netlink.RemoveAddress(info);
        if (_log.Detail)
            _addressLatency.Add(MonotonicClock.Now().Microseconds - started.Microseconds);
        if (!result.Ok)
        {
            if (FirstTime($"addr/{operation}/{vip}"))
            {
                if (operation == AddressOperation.Add)
                    _logger.AddressAddFailed($"{instance}", $"{vip}", vip.Interface, result.Describe());
                else
                    _logger.AddressRemoveFailed($"{instance}", $"{vip}", vip.Interface, result.Describe());
            }
        }

        return new AddressResult(instance, vip, operation, result.Ok, result.Ok ? null : result.Describe());
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
            if (FirstTime($"announce/{a.Interface}"))
                _logger.AnnounceNoInterface(a.Instance, a.Interface);
            return;
        }
        if (_announceOffload.TakeInline())
        {
            var errno = SendAnnouncement(link, a);
            if (errno != 0)
                AnnounceFailed(a, errno);
            return;
        }
        if (!_announceOffload.Queue(new QueuedAnnounce(link, a)) && FirstTime("announce/dropped"))
            _logger.AnnounceQueueFull(a.Instance);
    }

    private readonly record struct QueuedAnnounce(LinkInfo Link, Announce Announce);

    // On the sender's thread: a failure comes back to the loop to be logged (the log and its once-set are the
    // loop's).
    private void SendQueued(QueuedAnnounce q)
    {
        var errno = SendAnnouncement(q.Link, q.Announce);
        if (errno != 0)
            _inbox.TryPost(new DriverInput.Invoke(() => AnnounceFailed(q.Announce, errno)));
    }

    private int SendAnnouncement(LinkInfo link, Announce a) => a.Family == IpFamily.IPv4
        ? _announcer.SendGratuitousArp(link.Index, link.Mac!, a.Address)
        : _announcer.SendNeighbourAdvert(link.Index, link.Mac!, a.Address);

    private void AnnounceFailed(Announce a, int errno)
    {
        if (!FirstTime($"announce/{a.Interface}/{errno}"))
            return;
        if (a.Family == IpFamily.IPv4)
            _logger.GratuitousArpFailed(a.Instance, a.Interface, errno);
        else
            _logger.NeighbourAdvertFailed(a.Instance, a.Interface, errno);
    }

    // The outcome arrives on the spawner's thread, which must not wait on anything: it only becomes an input for the
    // loop (and a start failure's log line goes to the pool, since a log write can block).
    private void StartScript(RunScript r) => _scriptLaunches.Start(r, _config.Global.EnableScriptSecurity);

    private void WriteFifoLine(WriteFifo w)
    {
        if (!_fifos.TryGetValue(w.Path, out var fifo))
            _fifos[w.Path] = fifo = new NotifyFifo(w.Path);
        int errno = fifo.Write(w.Line + "\n");
        if (errno != 0)
        {
            if (FirstTime($"fifo/{w.Path}/{errno}"))
                _logger.FifoWriteFailed(w.Path, errno);
        }
    }
}
