using System.Net;
using System.Security.Cryptography;
using Vigil.Lab;

namespace Vigil.Linux.Tests.Harness;

/// <summary>
/// A private segment: N host namespaces ("vg-XXXXXX-h1".."hN"), each with eth0 (192.0.2.10+i/24 and
/// 2001:db8::10+i/64) on a veth whose peer sits on a bridge in its own namespace ("vg-XXXXXX-br").
/// Everything is removed in Dispose, even after a failure; stale "vg-" namespaces from a crashed earlier
/// run (older than ten minutes) are swept on first use.
/// </summary>
public sealed class TestLab : IDisposable
{
    private static int s_swept;
    private readonly List<string> _namespaces = [];
    private readonly List<IDisposable> _owned = [];

    public string Prefix { get; }
    public string Bridge => $"{Prefix}-br";
    public string WorkDir { get; }

    public static IPAddress HostV4(int host) => IPAddress.Parse($"192.0.2.{10 + host}");

    public static IPAddress HostV6(int host) => IPAddress.Parse($"2001:db8::{10 + host}");

    public string Host(int host) => $"{Prefix}-h{host}";

    public TestLab(int hosts)
    {
        Root.Require();
        SweepStale();
        Prefix = "vg-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3));
        WorkDir = Directory.CreateTempSubdirectory(Prefix + "-").FullName;
        try
        {
            AddNamespace(Bridge);
            Shell.Must("ip", "-n", Bridge, "link", "add", "br0", "type", "bridge", "mcast_snooping", "0");
            Shell.Must("ip", "-n", Bridge, "link", "set", "br0", "up");
            for (int i = 1; i <= hosts; i++)
                AddHost(i);
            for (int i = 1; i <= hosts; i++)
                WaitRunning(i, "eth0");
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    private void AddNamespace(string name)
    {
        Shell.Must("ip", "netns", "add", name);
        _namespaces.Add(name);
        Shell.Must("ip", "-n", name, "link", "set", "lo", "up");
        // No duplicate address detection: addresses (and link-local) usable at once.
        Shell.Must("ip", "netns", "exec", name, "sysctl", "-qw", "net.ipv6.conf.all.accept_dad=0",
            "net.ipv6.conf.default.accept_dad=0");
    }

    private void AddHost(int i)
    {
        var ns = Host(i);
        AddNamespace(ns);
        Shell.Must("ip", "-n", ns, "link", "add", "eth0", "type", "veth", "peer", "name", $"p{i}", "netns", Bridge);
        Shell.Must("ip", "-n", Bridge, "link", "set", $"p{i}", "master", "br0", "up");
        Shell.Must("ip", "-n", ns, "addr", "add", $"{HostV4(i)}/24", "dev", "eth0");
        Shell.Must("ip", "-n", ns, "addr", "add", $"{HostV6(i)}/64", "dev", "eth0", "nodad");
        Shell.Must("ip", "-n", ns, "link", "set", "eth0", "up");
    }

    /// <summary>Carrier comes up through the kernel's link watch, which can lag by up to a second: wait for it so
    /// daemons do not start in FAULT.</summary>
    public void WaitRunning(int host, string dev)
    {
        var end = DateTime.UtcNow.AddSeconds(5);
        while (DateTime.UtcNow < end)
        {
            if (Ip(host, "link", "show", dev).Contains("state UP", StringComparison.Ordinal))
                return;
            Thread.Sleep(20);
        }
        throw new InvalidOperationException($"{Host(host)} {dev} did not come up");
    }

    /// <summary>Takes ownership of something to dispose before the namespaces go (daemons, sockets).</summary>
    public T Own<T>(T item) where T : IDisposable
    {
        lock (_owned)
            _owned.Add(item);
        return item;
    }

    public string Ip(int host, params string[] args) => Shell.Must("ip", ["-n", Host(host), .. args]);

    /// <summary>The addresses on a host's interface, as "a.b.c.d/len" strings.</summary>
    public IReadOnlyList<string> Addresses(int host, string dev = "eth0") =>
        [.. Ip(host, "-o", "addr", "show", "dev", dev).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Select(f => f[Array.IndexOf(f, f.First(x => x is "inet" or "inet6")) + 1])];

    public bool HasAddress(int host, string address) =>
        Addresses(host).Any(a => a.StartsWith(address + "/", StringComparison.Ordinal));

    /// <summary>Waits (generously: the machine may be loaded) until <paramref name="address"/> is present on host
    /// <paramref name="host"/>, or absent when <paramref name="present"/> is false; returns whether it got there. A
    /// condition, not a fixed sleep, so a slow address change fails only when it does not happen at all.</summary>
    public bool AddressBecomes(int host, string address, bool present, TimeSpan? limit = null)
    {
        var end = DateTime.UtcNow + (limit ?? TimeSpan.FromSeconds(20));
        while (HasAddress(host, address) != present)
        {
            if (DateTime.UtcNow > end)
                return false;
            Thread.Sleep(50);
        }
        return true;
    }

    public void Dispose()
    {
        List<IDisposable> owned;
        lock (_owned)
            owned = [.. _owned];
        owned.Reverse();
        foreach (var o in owned)
        {
            try
            {
                o.Dispose();
            }
            catch (Exception)
            {
                // keep tearing down
            }
        }
        foreach (var ns in _namespaces.AsEnumerable().Reverse())
            Shell.Run("ip", "netns", "del", ns);
        try
        {
            Directory.Delete(WorkDir, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static void SweepStale()
    {
        if (Interlocked.Exchange(ref s_swept, 1) != 0 || !Directory.Exists("/run/netns"))
            return;
        foreach (var path in Directory.GetFiles("/run/netns", "vg-*"))
        {
            if (File.GetLastWriteTimeUtc(path) < DateTime.UtcNow.AddMinutes(-10))
                Shell.Run("ip", "netns", "del", Path.GetFileName(path));
        }
    }
}
