using System.Net;
using Vigil.Config.Model;
using Vigil.Core.Primitives;

namespace Vigil.Simulation;

/// <summary>Short builders for the configuration model, so scenarios read like keepalived.conf.</summary>
public static class Configs
{
    public static VrrpInstanceConfig Instance(string name, int vrid, int priority, params string[] vips)
    {
        var family = vips.Length > 0 && vips[0].Contains(':') ? IpFamily.IPv6 : IpFamily.IPv4;
        return new VrrpInstanceConfig
        {
            Name = name,
            Vrid = vrid,
            Interface = "eth0",
            Family = family,
            Version = family == IpFamily.IPv6 ? 3 : 2,
            Priority = priority,
            ConfiguredState = priority == 255 ? VrrpState.Master : VrrpState.Backup,
            McastDstIp = IPAddress.Parse(family == IpFamily.IPv6 ? "ff02::12" : "224.0.0.18"),
            VirtualIpAddresses = vips.Select(Vip).ToArray(),
        };
    }

    public static VirtualIpAddress Vip(string text)
    {
        var parts = text.Split('/');
        var address = IPAddress.Parse(parts[0]);
        var v6 = address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6;
        return new VirtualIpAddress
        {
            Address = address,
            Prefix = parts.Length > 1
                ? int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture)
                : v6 ? 128 : 32
        };
    }

    public static VrrpScriptConfig Script(
        string name,
        int weight = 0,
        int rise = 1,
        int fall = 1,
        int intervalMs = 1000,
        int? timeoutMs = null) => new()
    {
        Name = name,
        Command = ["/usr/local/bin/" + name],
        Weight = weight,
        Rise = rise,
        Fall = fall,
        IntervalMs = intervalMs,
        TimeoutMs = timeoutMs ?? intervalMs,
        Tracked = true,
    };

    public static TrackerRef Track(string name, int weight = 0, bool reverse = false) =>
        new() { Name = name, Weight = weight, Reverse = reverse, WeightOverridden = true };

    public static VigilConfig Cluster(params VrrpInstanceConfig[] instances) => new() { Instances = instances };

    public static VigilConfig WithScripts(this VigilConfig config, params VrrpScriptConfig[] scripts) =>
        config with { Scripts = scripts };

    public static VigilConfig WithGlobal(this VigilConfig config, Func<GlobalDefs, GlobalDefs> change) =>
        config with { Global = change(config.Global) };

    public static VigilConfig WithGroup(this VigilConfig config, string name, params string[] members) =>
        config with
        {
            SyncGroups = [.. config.SyncGroups, new SyncGroupConfig { Name = name, Members = members }],
            Instances = config.Instances
                .Select(i => members.Contains(i.Name) ? i with { SyncGroup = name } : i)
                .ToArray(),
        };

    /// <summary>The same configuration for every host except each host's priorities.</summary>
    public static VigilConfig ForHost(this VigilConfig config, params (string Instance, int Priority)[] priorities) =>
        config with
        {
            Instances = config.Instances.Select(
                i => priorities.FirstOrDefault(p => p.Instance == i.Name) is { Instance: not null } p
                    ? i with
                    {
                        Priority = p.Priority,
                        ConfiguredState = p.Priority == 255 ? VrrpState.Master : i.ConfiguredState
                    }
                    : i).ToArray(),
        };
}
