using Vigil.Lab;
namespace Vigil.Linux.Tests.Harness;

/// <summary>Network namespaces, raw sockets and address changes need root (CAP_NET_ADMIN, CAP_NET_RAW,
/// CAP_SYS_ADMIN).</summary>
public static class Root
{
    public static void Require() =>
        Assert.SkipUnless(
            Shell.IsRoot,
            "needs root: creates network namespaces, raw sockets and addresses (CI runs as root)");

    public static void RequireKeepalived()
    {
        Require();
        Assert.SkipUnless(File.Exists("/usr/sbin/keepalived"), "needs Debian's keepalived at /usr/sbin/keepalived");
    }
}
