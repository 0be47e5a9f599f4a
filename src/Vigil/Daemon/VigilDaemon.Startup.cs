using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Vigil.Config;
using Vigil.Config.Model;
using Vigil.Core.Primitives;
using Vigil.Engine;
using Vigil.Linux.Netlink;
using Vigil.Linux.Processes;
using Vigil.Linux.Sockets;
using Vigil.Logging;

namespace Vigil.Daemon;

public sealed partial class VigilDaemon
{
    /// <summary>Learns links and interface addresses, opens the VRRP sockets, loads the engine (which removes
    /// VIPs an earlier run left behind before anything else) and starts the link monitor.</summary>
    private void Start()
    {
        var compiled = Warmup.CompileProtocolPath();
        _logger.ProtocolPathCompiled($"{compiled.TotalMilliseconds:F0}");
        var now = MonotonicClock.Now();
        _linkMonitor.Start();
        foreach (var link in _netlink.ListLinks())
            _links[link.Name] = link;
        EnsureVmacs(_config);
        ReportInterfaces(now);
        _config = Hosting.HmacKeyFiles.Resolve(_config, _logger);
        OpenSockets(_config);
        ConfigureProcesses(_config, now);
        _engine.Load(_config, now);
        _observer?.OnReady(_engine);
        _logger.Started(_version, _config.Instances.Count, $"{_options.ConfigFile}");
        ReleaseStartupGarbage();
        ScheduleSettledCollection(MonotonicClock.Now());
        _ = PumpLinks();
        _ = PumpDeletedAddresses();
        _ = PumpDeletedRoutes();
        _ = PumpDeletedRules();
        _ = PumpAddedLinkLocals();
    }

    /// <summary>Start-up's garbage (the parsed file and its syntax tree, the warm-up's adverts, the netlink dumps)
    /// is promoted to gen2 and would stay committed until a full collection, which a steady daemon allocating
    /// nothing rarely triggers: at 1,000 instances that is twice the live heap. One aggressive collection gives it
    /// back before the first advert is due (a few ms, once).</summary>
    private void ReleaseStartupGarbage()
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        var elapsed = System.Diagnostics.Stopwatch.GetElapsedTime(started);
        _logger.StartupGarbageReleased($"{elapsed.TotalMilliseconds:F1}", GC.GetGCMemoryInfo().HeapSizeBytes / 1024);
    }

    private async Task PumpLinks()
    {
        await foreach (var link in _linkMonitor.Changes.ReadAllAsync().ConfigureAwait(false))
            _inbox.TryPost(new DriverInput.Link(link));
    }

    private async Task PumpDeletedAddresses()
    {
        await foreach (var address in _linkMonitor.DeletedAddresses.ReadAllAsync().ConfigureAwait(false))
            _inbox.TryPost(new DriverInput.AddressDeleted(address));
    }

    private void OnAddressDeleted(AddressInfo address, MonotonicTime now)
    {
        foreach (var link in _links.Values)
        {
            if (link.Index == address.IfIndex)
            {
                _engine.OnAddressDeleted(link.Name, address.Address, now);
                return;
            }
        }
    }

    /// <summary>Tells the engine each interface's state and its primary IPv4 / link-local IPv6 address
    /// (configured VIPs excluded, so a VIP left by a killed run is never taken for the primary address).</summary>
    private void ReportInterfaces(MonotonicTime now)
    {
        var vips = _config.Instances.SelectMany(i => i.VirtualIpAddresses.Concat(i.VirtualIpAddressesExcluded))
            .Select(v => v.Address).ToHashSet();
        var addresses = _netlink.ListAddresses();
        foreach (var link in _links.Values)
        {
            _engine.OnLinkChanged(link.Name, link.IsUpAndRunning, now);
            var v4 = addresses.FirstOrDefault(a =>
                a.IfIndex == link.Index && a.Address.AddressFamily == AddressFamily.InterNetwork
                && !vips.Contains(a.Address));
            var v6 = addresses.FirstOrDefault(a => a.IfIndex == link.Index && a.Address.IsIPv6LinkLocal);
            _engine.OnInterfaceAddress(link.Name, IpFamily.IPv4, v4?.Address, now);
            _engine.OnInterfaceAddress(link.Name, IpFamily.IPv6, v6 is null ? null : Strip(v6.Address), now);
        }
    }

    private static IPAddress Strip(IPAddress a) => new(a.GetAddressBytes());

    private void OnLink(LinkInfo info, MonotonicTime now)
    {
        if (info.Name.Length == 0)
        {
            // The monitor lost notifications: re-list everything, and put back VIPs whose deletion went unheard.
            foreach (var link in _netlink.ListLinks())
                _links[link.Name] = link;
            ReportInterfaces(now);
            var present = _netlink.ListAddresses().Select(a => (a.IfIndex, a.Address)).ToHashSet();
            _engine.RecheckVips(
                (name, address) => _links.TryGetValue(name, out var l) && present.Contains((l.Index, address)),
                now);
            // And routes and rules whose deletion went unheard.
            var routes = _netlink.ListKeepalivedRoutes()
                .Select(
                    r => r.Route with
                    {
                        Dev = r.IfIndex == 0 ? null : _links.Values.FirstOrDefault(l => l.Index == r.IfIndex)?.Name
                    })
                .ToList();
            _engine.RecheckRoutes(routes, _netlink.ListKeepalivedRules(), now);
            return;
        }
        bool wasUp = _links.TryGetValue(info.Name, out var old) && old.IsUpAndRunning;
        _links[info.Name] = info with { Mac = info.Mac ?? old?.Mac };
        if (wasUp != info.IsUpAndRunning || old is null)
        {
            _logger.LinkReported(info.Name, info.IsUpAndRunning ? "up" : "down");
            _engine.OnLinkChanged(info.Name, info.IsUpAndRunning, now);
            if (old is null || old.Index != info.Index)
                OpenSockets(_config);
        }
        OnVmacLink(info, old);
    }

    /// <summary>Opens the sockets the engine says the configuration needs (<see cref="VrrpEngine.SocketsNeeded"/>)
    /// and that are not open yet.</summary>
    private void OpenSockets(VigilConfig config)
    {
        foreach (var need in VrrpEngine.SocketsNeeded(config))
        {
            if (need.Ah)
                OpenAhSocket(need);
            else
                OpenSocket(need);
        }
    }

    private void OpenSocket(SocketNeed need)
    {
        var key = (need.Interface, need.Family);
        if (_sockets.ContainsKey(key))
            return;
        if (!_links.TryGetValue(need.Interface, out var link))
        {
            if (FirstTime($"nolink/{need.Interface}"))
                _logger.InterfaceMissing(need.Interface);
            return;
        }
        var v6 = need.Family == IpFamily.IPv6;
        try
        {
            var (ifName, family) = key;
            _sockets[key] = VrrpSocket.Open(v6 ? AddressFamily.InterNetworkV6 : AddressFamily.InterNetwork,
                link.Name,
                link.Index,
                need.Groups,
                (in ReceivedView p) => _inbox.TryPost(
                    _packets.Rent().Fill(ifName, family, p, MonotonicClock.ArrivalOf(p.KernelTimestampNs))));
        }
        catch (SocketException e)
        {
            if (FirstTime($"socket/{key}"))
                _logger.VrrpSocketFailed(link.Name, $"{need.Family}", e.Message);
        }
    }

    /// <summary>AH adverts are IP protocol 51: a second raw socket, joined to the same groups.</summary>
    private void OpenAhSocket(SocketNeed need)
    {
        if (_ahSockets.ContainsKey(need.Interface) || !_links.TryGetValue(need.Interface, out var link))
            return;
        var ifName = need.Interface;
        try
        {
            _ahSockets[ifName] = VrrpSocket.Open(AddressFamily.InterNetwork, link.Name, link.Index, need.Groups,
                (in ReceivedView p) => _inbox.TryPost(
                    _packets.Rent().Fill(ifName, IpFamily.IPv4, p, MonotonicClock.ArrivalOf(p.KernelTimestampNs))),
                Core.Protocol.VrrpAh.Protocol);
        }
        catch (SocketException e)
        {
            if (FirstTime($"ahsocket/{ifName}"))
                _logger.AhSocketFailed(link.Name, e.Message);
        }
    }

    /// <summary>Starts a reload (SIGHUP, or <c>vigil reload</c> with a <paramref name="waiter"/>), on the loop. The
    /// files are read and parsed on the thread pool, never on the loop: a slow disk, or a file that could block,
    /// must not stop adverts. The result comes back to the loop, which applies or refuses it. One reload runs at a
    /// time; requests that arrive meanwhile are folded into one more, which reads the files again.</summary>
    private void StartReload(TaskCompletionSource<ReloadVerdict>? waiter)
    {
        if (waiter is not null)
            _reloadWaiters.Add(waiter);
        if (_reloadRunning)
        {
            _reloadAgain = true;
            return;
        }
        _reloadRunning = true;
        var waiters = _reloadWaiters.ToArray();
        _reloadWaiters.Clear();
        _observer?.OnReloading();
        _logger.Reloading($"{_options.ConfigFile}");
        _ = Task.Run(() =>
        {
            ConfigResult? result;
            try
            {
                result = RunCommandLoader.Load(_options);
            }
            catch (Exception e)
            {
                // The front end never throws on input; this is a bug, and must not end the daemon.
                _logger.ReloadFailed(e.GetType().Name, e.Message);
                result = null;
            }
            if (!_inbox.TryPost(new DriverInput.Invoke(() => FinishReload(result, waiters))))
            {
                foreach (var w in waiters)
                    w.TrySetCanceled();
            }
        });
    }

    /// <summary>On the loop: applies a parsed configuration, or keeps the running one and says why.</summary>
    private void FinishReload(ConfigResult? result, TaskCompletionSource<ReloadVerdict>[] waiters)
    {
        var verdict = Apply(result, MonotonicClock.Now());
        foreach (var w in waiters)
            w.TrySetResult(verdict);
        _reloadRunning = false;
        if (_reloadAgain)
        {
            _reloadAgain = false;
            StartReload(null);
        }
    }

    private ReloadVerdict Apply(ConfigResult? result, MonotonicTime now)
    {
        result ??= new ConfigResult(null, [], 4);
        foreach (var d in result.Diagnostics)
        {
            if (d.Severity == DiagnosticSeverity.Error)
                _logger.ConfigError(d.ToString());
            else
                _logger.ConfigWarning(d.ToString());
        }
        var refusal = ReloadPolicy.Refusal(_config, result);
        if (refusal is not null)
        {
            _logger.ReloadRefused($"{refusal}");
            _observer?.OnReloaded(result, _engine);
            return new ReloadVerdict(result, refusal);
        }
        _config = Hosting.HmacKeyFiles.Resolve(result.Model!, _logger);
        EnsureVmacs(_config);
        OpenSockets(_config);
        ConfigureProcesses(_config, now);
        _engine.Load(_config, now);
        // The removed instances' last adverts leave on their VMACs before those go.
        CarryOutEffects();
        RemoveUnneededVmacs(_config);
        _observer?.OnReloaded(result, _engine);
        ScheduleSettledCollection(now);
        return new ReloadVerdict(result, null);
    }

    private ProcessMonitor? _processMonitor;
    private int _processGeneration;

    /// <summary>Scans /proc for the configuration's track_process patterns and gives the engine the counts before it
    /// loads the configuration; starts following process events the first time a configuration tracks one.</summary>
    private void ConfigureProcesses(VigilConfig config, MonotonicTime now)
    {
        var patterns = VrrpEngine.ProcessPatterns(config);
        if (patterns.Count == 0 && _processMonitor is null)
            return;
        bool start = _processMonitor is null;
        _processMonitor ??= new ProcessMonitor(
            (generation, delta) => _inbox.TryPost(new DriverInput.ProcessChanged(generation, delta)));
        var (generation, counts) = _processMonitor.Configure(patterns);
        _processGeneration = generation;
        _engine.OnProcessCounts(counts, now);
        if (start)
        {
            _logger.TrackingProcesses($"{_processMonitor.Mode}");
            _processMonitor.Start();
        }
    }
}
