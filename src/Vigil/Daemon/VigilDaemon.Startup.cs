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
        OpenSockets(_config);
        _engine.Load(_config, now);
        Ready?.Invoke();
        _log.Info($"Vigil {Cli.VersionInfo.Version} started: {_config.Instances.Count} instance(s) from {_options.ConfigFile}");
        _ = PumpLinks();
    }

    private async Task PumpLinks()
    {
        await foreach (var link in _linkMonitor.Changes.ReadAllAsync().ConfigureAwait(false))
            _inbox.TryPost(new DriverInput.Link(link));
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
            // The monitor lost notifications: re-list everything.
            foreach (var link in _netlink.ListLinks())
                _links[link.Name] = link;
            ReportInterfaces(now);
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
    }

    private static IPAddress GroupOf(VrrpInstanceConfig i, GlobalDefs g)
    {
        if (i.Family == IpFamily.IPv6)
            return i.McastDstIp.AddressFamily == AddressFamily.InterNetworkV6 ? i.McastDstIp : g.McastGroup6;
        return i.McastDstIp.AddressFamily == AddressFamily.InterNetwork ? i.McastDstIp : g.McastGroup4;
    }

    /// <returns>The load result; the running configuration is kept when it cannot run.</returns>
    private ConfigResult Reload(MonotonicTime now)
    {
        Reloading?.Invoke();
        _log.Info($"Reloading configuration from {_options.ConfigFile}");
        var result = RunCommandLoader.Load(_options);
        foreach (var d in result.Diagnostics)
            _log.Write(d.Severity == DiagnosticSeverity.Error ? EngineLogLevel.Error : EngineLogLevel.Warning,
                d.ToString());
        if (!result.CanRun || result.Model is null)
        {
            _log.Error("Reload failed: the configuration cannot run; keeping the running configuration");
            Reloaded?.Invoke(result);
            return result;
        }
        _config = result.Model;
        OpenSockets(_config);
        _engine.Load(_config, now);
        Reloaded?.Invoke(result);
        return result;
    }
}
