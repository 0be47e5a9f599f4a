namespace Vigil.Linux.Tests.Harness;

/// <summary>The keepalived versions interop tests run against: Debian's 2.2.7 (<c>/usr/sbin/keepalived</c>) and 2.4.3
/// (<see cref="Node.Keepalived243"/>). A theory over <see cref="Versions"/> runs once per peer and is skipped, with
/// the reason, for a peer that is not installed.</summary>
public static class Peer
{
    public const string Debian = "2.2.7";
    public const string Newest = "2.4.3";

    public static TheoryData<string> Versions => new(Debian, Newest);

    /// <summary>Skips the calling test unless root and that keepalived are present.</summary>
    public static void Require(string version)
    {
        if (version == Newest)
        {
            Root.Require();
            Node.Require243();
        }
        else
        {
            Root.RequireKeepalived();
        }
    }

    /// <summary>Starts keepalived of that version on a lab host.</summary>
    public static Node Start(TestLab lab, int host, string config, string version) =>
        version == Newest ? Node.StartKeepalived243(lab, host, config) : Node.StartKeepalived(lab, host, config);

    /// <summary>The same, as the <c>peer</c> argument of the shared interop scenarios.</summary>
    public static Func<TestLab, int, string, Node> Starter(string version) =>
        (lab, host, config) => Start(lab, host, config, version);
}
