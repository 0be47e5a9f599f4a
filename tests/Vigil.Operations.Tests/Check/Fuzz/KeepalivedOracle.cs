using System.Diagnostics;
using System.Text;
using Vigil.Operations.Tests.Check;

namespace Vigil.Operations.Tests.Check.Fuzz;

/// <summary>Runs keepalived 2.2.7 on a file inside a fuzz namespace: `-t` for the verdict (with the daemon's
/// refusals, see <see cref="KeepalivedVerdict"/>), and the daemon itself with --dump-conf for the resolved model.
/// The daemon is stopped as soon as its dump is complete.</summary>
internal static class KeepalivedOracle
{
    public const string ConfigId = "fuzz";

    public static (int Verdict, string Log) Test(FuzzNamespace ns, string file)
    {
        var (code, log, _) = Run(
            ["netns", "exec", ns.Name, "keepalived", "-t", "-i", ConfigId, "-f", file],
            TimeSpan.FromSeconds(30),
            null);
        return (KeepalivedVerdict.Daemon(code, log), log);
    }

    /// <summary>The daemon's dump (VRRP topology), or null when it refused to start or did not dump in time.</summary>
    public static string? Dump(FuzzNamespace ns, string file, string workDir)
    {
        var pid = Path.Combine(workDir, "keepalived.pid");
        var vpid = Path.Combine(workDir, "vrrp.pid");
        var (_, log, complete) = Run(["netns", "exec", ns.Name, "stdbuf", "-oL", "-eL", "keepalived", "-n", "-l", "-D",
            "-d", "-P", "-i", ConfigId, "-f", file, "-p", pid, "-r", vpid],
            TimeSpan.FromSeconds(20), "------< Interfaces >------");
        if (!complete)
            return null;
        var start = log.IndexOf("------< VRRP Topology >------", StringComparison.Ordinal);
        return start < 0 ? string.Empty : log[start..];
    }

    /// <summary>Runs a command; with <paramref name="until"/>, stops it (SIGTERM, then kill) once that line
    /// appears.</summary>
    private static (int Code, string Output, bool Seen) Run(string[] args, TimeSpan timeout, string? until)
    {
        var psi = new ProcessStartInfo("ip", args) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var p = new Process { StartInfo = psi };
        var sb = new StringBuilder();
        var seen = new ManualResetEventSlim();
        void OnLine(string? line)
        {
            if (line is null)
                return;
            lock (sb)
            {
                // Log lines carry a "Sat Dec  5 11:29:22 2026: " prefix; keep the message only.
                var colon = line.Length > 26 && line[24] == ':' && line[25] == ' ' ? 26 : 0;
                sb.Append(line, colon, line.Length - colon).Append('\n');
            }
            if (until is not null && line.EndsWith(until, StringComparison.Ordinal))
                seen.Set();
        }
        p.OutputDataReceived += (_, e) => OnLine(e.Data);
        p.ErrorDataReceived += (_, e) => OnLine(e.Data);
        p.Start();
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        var found = false;
        if (until is not null)
        {
            var exited = Task.Run(() => p.WaitForExit(timeout));
            found = WaitHandle.WaitAny([seen.WaitHandle, ((IAsyncResult)exited).AsyncWaitHandle], timeout) == 0
                || seen.IsSet;
            if (!p.HasExited)
            {
                // SIGTERM lets keepalived remove what it added in the namespace; a kill is the last resort.
                Process.Start(
                    "kill",
                    ["-TERM", p.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])?.WaitForExit();
                if (!p.WaitForExit(15_000))
                    p.Kill(true);
            }
        }
        if (!p.WaitForExit(timeout))
        {
            p.Kill(true);
            p.WaitForExit();
        }
        p.WaitForExit();
        lock (sb)
            return (p.ExitCode, sb.ToString(), found);
    }
}
