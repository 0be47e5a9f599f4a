using System.Globalization;
using System.Security.Cryptography;

namespace Vigil.Lab;

/// <summary>
/// A private Ethernet segment for the lab: one namespace holding a bridge ("vlab-XXXXXX-br") and one namespace per
/// node ("vlab-XXXXXX-n1"...), each with eth0 = 192.0.2.(10+i)/24 on a veth whose other end ("pI") is a bridge port.
/// Documentation addresses only; unique names, so several labs and test runs can coexist; <see cref="Dispose"/>
/// removes every namespace it made (and with them every interface and address).
/// </summary>
public sealed class LabNetwork : IDisposable
{
    public const string NamePrefix = "vlab-";

    private readonly List<string> _namespaces = [];

    public LabNetwork(int nodes)
    {
        if (nodes is < 1 or > 9)
            throw new ArgumentOutOfRangeException(nameof(nodes), nodes, "the lab has 1 to 9 nodes");
        Id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3));
        Nodes = nodes;
        try
        {
            AddNamespace(Bridge);
            Shell.Must("ip", "-n", Bridge, "link", "add", "br0", "type", "bridge", "mcast_snooping", "0");
            Shell.Must("ip", "-n", Bridge, "link", "set", "br0", "up");
            for (var i = 1; i <= nodes; i++)
                AddNode(i);
            for (var i = 1; i <= nodes; i++)
                WaitCarrier(i);
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public string Id { get; }

    public int Nodes { get; }

    public string Bridge => $"{NamePrefix}{Id}-br";

    public string Namespace(int node) => $"{NamePrefix}{Id}-n{node}";

    public static string Address(int node) => $"192.0.2.{10 + node}";

    private void AddNamespace(string name)
    {
        Shell.Must("ip", "netns", "add", name);
        _namespaces.Add(name);
        Shell.Must("ip", "-n", name, "link", "set", "lo", "up");
    }

    private void AddNode(int i)
    {
        var ns = Namespace(i);
        AddNamespace(ns);
        var port = "p" + i.ToString(CultureInfo.InvariantCulture);
        Shell.Must("ip", "-n", ns, "link", "add", "eth0", "type", "veth", "peer", "name", port, "netns", Bridge);
        Shell.Must("ip", "-n", Bridge, "link", "set", port, "master", "br0", "up");
        Shell.Must("ip", "-n", ns, "addr", "add", Address(i) + "/24", "dev", "eth0");
        Shell.Must("ip", "-n", ns, "link", "set", "eth0", "up");
    }

    // Carrier comes up through the kernel's link watch, up to a second later: daemons started before would begin in
    // FAULT.
    private void WaitCarrier(int node)
    {
        var end = DateTime.UtcNow.AddSeconds(5);
        while (DateTime.UtcNow < end)
        {
            if (Shell.Must("ip", "-n", Namespace(node), "link", "show", "eth0").Contains(
                "state UP",
                StringComparison.Ordinal))
            {
                return;
            }

            Thread.Sleep(20);
        }
        throw new InvalidOperationException($"{Namespace(node)} eth0 did not come up");
    }

    /// <summary>Cuts (or restores) a node's cable at the switch: its eth0 loses carrier.</summary>
    public void SetLink(int node, bool up) =>
        Shell.Must(
            "ip",
            "-n",
            Bridge,
            "link",
            "set",
            "p" + node.ToString(CultureInfo.InvariantCulture),
            up ? "up" : "down");

    /// <summary>The addresses on a node's eth0 ("a.b.c.d/len").</summary>
    public IReadOnlyList<string> Addresses(int node)
    {
        var (code, output, _) = Shell.Run("ip", "-n", Namespace(node), "-o", "-4", "addr", "show", "dev", "eth0");
        if (code != 0)
            return [];
        return [.. output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Select(f => Array.IndexOf(f, "inet") is var at and >= 0 && at + 1 < f.Length ? f[at + 1] : "")
            .Where(a => a.Length > 0)];
    }

    public void Dispose()
    {
        for (var i = _namespaces.Count - 1; i >= 0; i--)
            Shell.Run("ip", "netns", "del", _namespaces[i]);
        _namespaces.Clear();
    }
}
