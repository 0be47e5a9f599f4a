using Vigil.Config.Model;

namespace Vigil.Config.Tests;

/// <summary>Loads inline configuration text through an in-memory source.</summary>
internal static class Conf
{
    public const string MainPath = "/etc/keepalived/keepalived.conf";

    public static ConfigResult Load(
        string text,
        ConfigOptions? options = null,
        params (string Path, string Text)[] more)
    {
        var src = new InMemoryConfigSource().Add(MainPath, text);
        foreach (var (p, t) in more)
            src.Add(p, t);
        return ConfigLoader.Load(MainPath, src, options ?? new ConfigOptions { HostName = "node1.example" });
    }

    public static VigilConfig Model(
        string text,
        ConfigOptions? options = null,
        params (string Path, string Text)[] more) =>
        Load(text, options, more).Model ?? throw new InvalidOperationException("no model");

    public static VrrpInstanceConfig Instance(string body, string prefix = "") =>
        Model(prefix + "\nvrrp_instance VI_1 {\n" + body + "\n}\n").Instances.Single();

    public static IEnumerable<Diagnostic> Codes(this ConfigResult r, string code) =>
        r.Diagnostics.Where(d => d.Code == code);

    public static bool Has(this ConfigResult r, string code) => r.Diagnostics.Any(d => d.Code == code);

    public const string MinimalInstance = """
        interface eth0
        virtual_router_id 51
        virtual_ipaddress {
            192.0.2.10/24
        }
        """;
}
