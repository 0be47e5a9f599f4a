using Vigil.Engine.Effects;

namespace Vigil.Engine.Ports;

/// <summary>Drops traffic to a no_accept MASTER's VIPs (nftables in the daemon, memory in the simulator). Calls must
/// not block the loop: a writer that takes time works in the background and keeps only the latest state.</summary>
public interface IFirewall
{
    void Configure(ConfigureFirewall settings);

    void Drop(FirewallDrop drop);
}

/// <summary>For worlds without a firewall: nothing is dropped.</summary>
public sealed class NoFirewall : IFirewall
{
    public static readonly NoFirewall Instance = new();

    public void Configure(ConfigureFirewall settings)
    {
    }

    public void Drop(FirewallDrop drop)
    {
    }
}
