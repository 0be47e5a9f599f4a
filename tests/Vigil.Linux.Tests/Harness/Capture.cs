using System.Diagnostics;
using System.Text;

namespace Vigil.Linux.Tests.Harness;

/// <summary>tcpdump in a namespace, started and ready before the test sends anything.</summary>
public sealed class Capture : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _out = new();
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Capture(string ns, int count, string filter, string dev = "eth0")
    {
        var psi = new ProcessStartInfo("ip")
        {
            RedirectStandardOutput = true, RedirectStandardError = true,
        };
        foreach (var a in new[] { "netns", "exec", ns, "tcpdump", "-i", dev, "-n", "-l", "-vv", "-e", "-c", count.ToString(), filter })
            psi.ArgumentList.Add(a);
        _process = Process.Start(psi)!;
        _process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (_out) _out.AppendLine(e.Data); };
        _process.ErrorDataReceived += (_, e) => { if (e.Data?.Contains("listening on") == true) _ready.TrySetResult(); };
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
