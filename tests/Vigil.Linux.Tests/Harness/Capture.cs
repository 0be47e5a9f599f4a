using System.Diagnostics;
using System.Text;

namespace Vigil.Linux.Tests.Harness;

/// <summary>tcpdump in a namespace, started and ready before the test sends anything.</summary>
public sealed class Capture : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _out = new();
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <param name="hex">Also print each packet's bytes from the IP header on (tcpdump -x; see
    /// <see cref="IpPackets"/>).</param>
    public Capture(string ns, int count, string filter, string dev = "eth0", bool hex = false)
    {
        var psi = new ProcessStartInfo("ip")
        {
            RedirectStandardOutput = true, RedirectStandardError = true,
        };
        foreach (var a in new[] { "netns", "exec", ns, "tcpdump", "-i", dev, "-n", "-l", "-vv", "-e", "-c",
            count.ToString() }
                     .Concat(hex ? ["-x"] : Array.Empty<string>()).Append(filter))
        {
            psi.ArgumentList.Add(a);
        }

        _process = Process.Start(psi)!;
        _process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (_out) _out.AppendLine(e.Data); };
        _process.ErrorDataReceived += (_, e) => { if (e.Data?.Contains("listening on")
            == true)
            {
                _ready.TrySetResult();
            }
        };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        if (!_ready.Task.Wait(10_000))
            throw new InvalidOperationException("tcpdump did not start");
    }

    /// <summary>Waits for the count to be reached (or the limit) and returns what tcpdump printed.</summary>
    public string Wait(TimeSpan limit)
    {
        if (!_process.WaitForExit(limit))
        {
            _process.Kill();
            _process.WaitForExit();
        }
        _process.WaitForExit();
        lock (_out)
            return _out.ToString();
    }

    /// <summary>The packets of a <c>hex</c> capture's output, each from its IP header on.</summary>
    public static List<byte[]> IpPackets(string dump)
    {
        var packets = new List<byte[]>();
        List<byte>? current = null;
        foreach (var line in dump.Split('\n'))
        {
            var t = line.Trim();
            if (!t.StartsWith("0x", StringComparison.Ordinal)
                || t.IndexOf(':', StringComparison.Ordinal) is not (> 0 and var colon))
            {
                continue;
            }

            if (t.StartsWith("0x0000:", StringComparison.Ordinal))
                packets.Add([.. current = []]);
            var hex = string.Concat(t[(colon + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries));
            current?.AddRange(Convert.FromHexString(hex));
            if (current is not null)
                packets[^1] = [.. current];
        }
        return packets;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit();
        }
        _process.Dispose();
    }
}
