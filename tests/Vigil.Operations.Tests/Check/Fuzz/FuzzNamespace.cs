using System.Diagnostics;

namespace Vigil.Operations.Tests.Check.Fuzz;

/// <summary>A private network namespace with the interfaces generated files name (eth0, eth1 as veth pairs whose
/// peers are p0, p1), where keepalived runs. Removed on Dispose, and a stale one from a killed run is removed
/// before it is created again.</summary>
internal sealed class FuzzNamespace : IDisposable
{
    public string Name { get; }

    /// <summary>Every link in the namespace, read back after creation (what keepalived will see).</summary>
    public IReadOnlySet<string> Links { get; }

    public FuzzNamespace(int index)
    {
        Name = $"vigil-fuzz-{Environment.ProcessId}-{index}";
        Ip("netns", "del", Name);
        Must("netns", "add", Name);
        try
        {
            for (var i = 0; i < ConfGenerator.Interfaces.Length; i++)
            {
                Must("-n", Name, "link", "add", ConfGenerator.Interfaces[i], "type", "veth", "peer", "name", "p" + i);
                Must("-n", Name, "link", "set", ConfGenerator.Interfaces[i], "up");
                Must("-n", Name, "link", "set", "p" + i, "up");
            }
            Must("-n", Name, "link", "set", "lo", "up");
            var (_, output) = Ip("-n", Name, "-o", "link", "show");
            Links = output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(l => l.Split(':', 3)[1].Trim().Split('@')[0]).ToHashSet(StringComparer.Ordinal);
        }
        catch
        {
            Ip("netns", "del", Name);
            throw;
        }
    }

    public static bool Available() =>
        Environment.UserName == "root"
            && File.Exists("/usr/sbin/keepalived")
            && (File.Exists("/usr/sbin/ip") || File.Exists("/sbin/ip") || File.Exists("/usr/bin/ip"));

    private static void Must(params string[] args)
    {
        var (code, output) = Ip(args);
        if (code != 0)
            throw new InvalidOperationException($"ip {string.Join(' ', args)}: {output}");
    }

    private static (int Code, string Output) Ip(params string[] args)
    {
        using var p = Process.Start(
            new ProcessStartInfo("ip", args) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var err = p.StandardError.ReadToEndAsync();
        var output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, output + err.Result);
    }

    public void Dispose() => Ip("netns", "del", Name);
}
