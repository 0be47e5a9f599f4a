using Vigil.Config.Model;

namespace Vigil.Config.Tests;

/// <summary>What the route, rule and track-group tests share: a host with interfaces eth0 and eth1 (as the namespace
/// where keepalived 2.2.7's <c>-t</c> verdicts were taken) and one clean instance to put a route or rule line
/// in.</summary>
internal static class RouteConf
{
    private sealed class TwoInterfaceHost : IHostEnvironment
    {
        public bool InterfaceExists(string name) => name is "eth0" or "eth1";
        public bool UserExists(string name) => true;
        public bool GroupExists(string name) => true;
        public ScriptFileStatus CheckScript(string command, string? user) => ScriptFileStatus.Ok;
    }

    public static ConfigOptions Options => new() { Host = new TwoInterfaceHost() };

    public const string Instance =
        "vrrp_instance VI_1 {\n interface eth0\n virtual_router_id 5\n priority 100\n virtual_ipaddress {\n" +
        "  192.0.2.1/32\n }\n";

    /// <summary>The instance with <paramref name="line"/> alone in its <paramref name="block"/> (virtual_routes,
    /// ...).</summary>
    public static ConfigResult With(string block, string line) =>
        Conf.Load($"{Instance} {block} {{\n  {line}\n }}\n}}\n", Options);
}
