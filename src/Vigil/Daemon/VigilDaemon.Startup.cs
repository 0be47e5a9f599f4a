using Vigil.Engine;
using Vigil.Linux.Processes;
using System.Net;
using System.Net.Sockets;
using Vigil.Config;
using Vigil.Config.Model;
using Vigil.Core.Primitives;
using Vigil.Linux.Netlink;
using Vigil.Linux.Sockets;
using EngineLogLevel = Vigil.Engine.Effects.EngineLogLevel;

namespace Vigil.Daemon;

public sealed partial class VigilDaemon
{
    /// <summary>Learns links and interface addresses, opens the VRRP sockets, loads the engine (which removes
    /// VIPs an earlier run left behind before anything else) and starts the link monitor.</summary>
    private void Start()
    {
        var compiled = Warmup.CompileProtocolPath();
        _log.Write(EngineLogLevel.Debug, $"Protocol path compiled in {compiled.TotalMilliseconds:F0} ms");
        var now = MonotonicClock.Now();
        _linkMonitor.Start();
        foreach (var link in _netlink.ListLinks())
            _links[link.Name] = link;
        ReportInterfaces(now);
        _config = Hosting.HmacKeyFiles.Resolve(_config, _log.Error);
        OpenSockets(_config);
        ConfigureProcesses(_config, now);
        _engine.Load(_config, now);
        Ready?.Invoke();
        _log.Info($"Vigil {Cli.VersionInfo.Version} started: {_config.Instances.Count} instance(s) from {_options.ConfigFile}");
        _ = PumpLinks();
        _ = PumpDeletedAddresses();
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
            var v4 = addresses.FirstOrDefault(a => a.IfIndex == link.Index && a.Address.AddressFamily == AddressFamily.InterNetwork
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
            _engine.RecheckVips((name, address) => _links.TryGetValue(name, out var l) && present.Contains((l.Index, address)), now);
            return;
        }
        bool wasUp = _links.TryGetValue(info.Name, out var old) && old.IsUpAndRunning;
        _links[info.Name] = info with { Mac = info.Mac ?? old?.Mac };
        if (wasUp != info.IsUpAndRunning || old is null)
        {
            _log.Write(EngineLogLevel.Info,
                $"Netlink reports {info.Name} {(info.IsUpAndRunning ? "up" : "down")}");
            _engine.OnLinkChanged(info.Name, info.IsUpAndRunning, now);
            if (old is null || old.Index != info.Index)
                OpenSockets(_config);
        }
    }

    /// <summary>One socket per interface and family in use, shared by the instances on it, joined to every
    /// multicast group they use.</summary>
    private void OpenSockets(VigilConfig config)
    {
        foreach (var group in config.Instances.GroupBy(i => (Interface: i.Interface ?? config.Global.DefaultInterface, i.Family)))
        {
            if (_sockets.ContainsKey(group.Key))
                continue;
            if (!_links.TryGetValue(group.Key.Interface, out var link))
            {
                LogOnce($"nolink/{group.Key.Interface}", $"Interface {group.Key.Interface} does not exist: its instances cannot send or receive");
                continue;
            }
            var v6 = group.Key.Family == IpFamily.IPv6;
            var groups = group.Select(i => GroupOf(i, config.Global)).Distinct().ToList();
            try
            {
                var (ifName, family) = group.Key;
                _sockets[group.Key] = VrrpSocket.Open(v6 ? AddressFamily.InterNetworkV6 : AddressFamily.InterNetwork,
                    link.Name, link.Index, groups, p => _inbox.TryPost(new DriverInput.Packet(ifName, family, p, MonotonicClock.ArrivalOf(p.KernelTimestampNs))));
            }
            catch (SocketException e)
            {
                LogOnce($"socket/{group.Key}", $"Cannot open the VRRP socket on {link.Name} ({group.Key.Family}): {e.Message}");
            }
        }

        // AH adverts are IP protocol 51: a second raw socket, joined to the same groups, for the interfaces that
        // carry a VRRPv2 IPv4 instance with auth_type AH.
        foreach (var group in config.Instances.Where(i => i.Version == 2 && i.AuthType == AuthType.Ah && i.Family == IpFamily.IPv4)
                     .GroupBy(i => i.Interface ?? config.Global.DefaultInterface))
        {
            if (_ahSockets.ContainsKey(group.Key) || !_links.TryGetValue(group.Key, out var link))
                continue;
            var groups = group.Select(i => GroupOf(i, config.Global)).Distinct().ToList();
            var ifName = group.Key;
            try
            {
                _ahSockets[ifName] = VrrpSocket.Open(AddressFamily.InterNetwork, link.Name, link.Index, groups,
                    p => _inbox.TryPost(new DriverInput.Packet(ifName, IpFamily.IPv4, p, MonotonicClock.ArrivalOf(p.KernelTimestampNs))),
                    Core.Protocol.VrrpAh.Protocol);
            }
            catch (SocketException e)
            {
                LogOnce($"ahsocket/{ifName}", $"Cannot open the AH (protocol 51) socket on {link.Name}: {e.Message}");
            }
        }
    }

    private static IPAddress GroupOf(VrrpInstanceConfig i, GlobalDefs g)
    {
        if (i.Family == IpFamily.IPv6)
            return i.McastDstIp.AddressFamily == AddressFamily.InterNetworkV6 ? i.McastDstIp : g.McastGroup6;
        return i.McastDstIp.AddressFamily == AddressFamily.InterNetwork ? i.McastDstIp : g.McastGroup4;
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
        Reloading?.Invoke();
        _log.Info($"Reloading configuration from {_options.ConfigFile}");
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
                _log.Error($"Reload failed: {e.GetType().Name}: {e.Message}");
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
            _log.Write(d.Severity == DiagnosticSeverity.Error ? EngineLogLevel.Error : EngineLogLevel.Warning,
                d.ToString());
        var refusal = ReloadPolicy.Refusal(_config, result);
        if (refusal is not null)
        {
            _log.Error($"Reload refused: {refusal}; keeping the running configuration");
            Reloaded?.Invoke(result);
            return new ReloadVerdict(result, refusal);
        }
        _config = Hosting.HmacKeyFiles.Resolve(result.Model!, _log.Error);
        OpenSockets(_config);
        ConfigureProcesses(_config, now);
        _engine.Load(_config, now);
        Reloaded?.Invoke(result);
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
        _processMonitor ??= new ProcessMonitor((generation, delta) => _inbox.TryPost(new DriverInput.ProcessChanged(generation, delta)));
        var (generation, counts) = _processMonitor.Configure(patterns);
        _processGeneration = generation;
        _engine.OnProcessCounts(counts, now);
        if (start)
        {
            _log.Info($"Tracking processes: {_processMonitor.Mode}");
            _processMonitor.Start();
        }
    }
}
