using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using Vigil.Lab;

namespace Vigil.Linux.Tests.Harness;

/// <summary>
/// A daemon (Vigil or keepalived) running in a namespace under `ip netns exec`, its stderr/stdout collected
/// with a timestamp per line (from this process's monotonic clock) so tests can wait for log lines and
/// measure between them. Dispose kills it (SIGKILL) if it is still running.
/// </summary>
public sealed class Node : IDisposable
{
    private readonly Process _process;
    private readonly List<(long Ticks, string Line)> _lines = [];
    private readonly string _name;

    public string PidFile { get; }

    /// <summary>keepalived's VRRP child (its parent relays signals; a crash must kill the child).</summary>
    public string? ChildPidFile { get; private init; }
    public string ConfigFile { get; }
    public int Pid => _process.Id;

    private Node(string name, ProcessStartInfo psi, string pidFile, string configFile)
    {
        _name = name;
        PidFile = pidFile;
        ConfigFile = configFile;
        psi.RedirectStandardError = true;
        psi.RedirectStandardOutput = true;
        psi.RedirectStandardInput = true;
        _process = Process.Start(psi)!;
        _process.ErrorDataReceived += (_, e) => Add(e.Data);
        _process.OutputDataReceived += (_, e) => Add(e.Data);
        _process.BeginErrorReadLine();
        _process.BeginOutputReadLine();
    }

    private void Add(string? line)
    {
        if (line is null)
            return;
        lock (_lines)
        {
            _lines.Add((Stopwatch.GetTimestamp(), line));
            Monitor.PulseAll(_lines);
        }
    }

    public static string VigilDll => Path.Combine(AppContext.BaseDirectory, "vigil.dll");

    public static Node StartVigil(TestLab lab, int host, string config, params string[] extra) =>
        StartVigilUnder(lab, host, config, [], extra);

    /// <summary>Starts Vigil through <paramref name="wrapper"/> (a command that execs the rest, such as
    /// <c>nohup</c>), so a test can hand it the signal dispositions an operator's shell would.</summary>
    public static Node StartVigilUnder(TestLab lab, int host, string config, string[] wrapper, params string[] extra)
    {
        var dir = Path.Combine(lab.WorkDir, $"h{host}");
        Directory.CreateDirectory(dir);
        var conf = Path.Combine(dir, "vigil.conf");
        File.WriteAllText(conf, config);
        var pid = Path.Combine(dir, "vigil.pid");
        var psi = new ProcessStartInfo("ip");
        foreach (var a in new[] { "netns", "exec", lab.Host(host) }.Concat(wrapper)
                     .Concat(new[] { "dotnet", VigilDll, "run", "-f", conf, "-l", "-D", "-p", pid,
                     "--control", Path.Combine(dir, "control.sock") }).Concat(extra))
        {
            psi.ArgumentList.Add(a);
        }

        return lab.Own(new Node($"vigil h{host}", psi, pid, conf));
    }

    /// <summary>Starts Vigil in this process's own namespace, on a configuration whose <c>net_namespace</c> names the
    /// lab's host <paramref name="host"/>: the daemon moves itself there. No -p or --control, so the run files go
    /// where the namespace puts them (/run/vigil/NAME/).</summary>
    public static Node StartVigilEntering(TestLab lab, int host, string config, params string[] extra)
    {
        var dir = Path.Combine(lab.WorkDir, $"e{host}");
        Directory.CreateDirectory(dir);
        var conf = Path.Combine(dir, "keepalived.conf");
        File.WriteAllText(conf, $"net_namespace {lab.Host(host)}\n" + config);
        var psi = new ProcessStartInfo("dotnet");
        foreach (var a in new[] { VigilDll, "run", "-f", conf, "-l", "-D" }.Concat(extra))
            psi.ArgumentList.Add(a);
        return lab.Own(
            new Node($"vigil entering {lab.Host(host)}", psi, $"/run/vigil/{lab.Host(host)}/vigil.pid", conf));
    }

    /// <summary>keepalived 2.2.7 the same way: started here, its <c>net_namespace</c> naming the lab's host; its pid
    /// files go to /run/keepalived/NAME/ (its default with a namespace).</summary>
    public static Node StartKeepalivedEntering(TestLab lab, int host, string config)
    {
        var dir = Path.Combine(lab.WorkDir, $"ke{host}");
        Directory.CreateDirectory(dir);
        var conf = Path.Combine(dir, "keepalived.conf");
        File.WriteAllText(conf, $"net_namespace {lab.Host(host)}\n" + config);
        var psi = new ProcessStartInfo("/usr/sbin/keepalived");
        foreach (var a in new[] { "-n", "-l", "-D", "-P", "-f", conf, "-R", "--no-syslog" })
            psi.ArgumentList.Add(a);
        var run = $"/run/keepalived/{lab.Host(host)}";
        return lab.Own(
            new Node(
                $"keepalived entering {lab.Host(host)}",
                psi,
                $"{run}/keepalived.pid",
                conf) { ChildPidFile = $"{run}/vrrp.pid" });
    }

    public static Node StartKeepalived(TestLab lab, int host, string config)
    {
        var dir = Path.Combine(lab.WorkDir, $"k{host}");
        Directory.CreateDirectory(dir);
        var conf = Path.Combine(dir, "keepalived.conf");
        File.WriteAllText(conf, config);
        var pid = Path.Combine(dir, "keepalived.pid");
        var psi = new ProcessStartInfo("ip");
        foreach (var a in new[] { "netns", "exec", lab.Host(host), "/usr/sbin/keepalived", "-n", "-l", "-D", "-P", "-f",
                     conf, "-R",
                     "-p", pid, "-r", Path.Combine(dir, "vrrp.pid"), "--no-syslog" })
        {
            psi.ArgumentList.Add(a);
        }

        return lab.Own(
            new Node($"keepalived h{host}", psi, pid, conf) { ChildPidFile = Path.Combine(dir, "vrrp.pid") });
    }

    /// <summary>keepalived 2.4.3's binary: VIGIL_KEEPALIVED_243, else /opt/keepalived-2.4.3/sbin/keepalived.</summary>
    public static string Keepalived243 =>
        Environment.GetEnvironmentVariable("VIGIL_KEEPALIVED_243") is { Length: > 0 } p
            ? p
            : "/opt/keepalived-2.4.3/sbin/keepalived";

    /// <summary>Skips the calling test, with the reason, when keepalived 2.4.3 is not installed.</summary>
    public static void Require243() =>
        Assert.SkipUnless(File.Exists(Keepalived243),
            $"keepalived 2.4.3 not found at {Keepalived243} (set VIGIL_KEEPALIVED_243; .ci/run builds it when its " +
            $"build script is beside the repository)");

    /// <summary>keepalived 2.4.3 as a peer. Its command line differs from 2.2.7's: --use-file comes first and there is
    /// no -P (a build without LVS would take the next option as the argument of --vrrp).</summary>
    public static Node StartKeepalived243(TestLab lab, int host, string config)
    {
        var dir = Path.Combine(lab.WorkDir, $"k243-{host}");
        Directory.CreateDirectory(dir);
        var conf = Path.Combine(dir, "keepalived.conf");
        File.WriteAllText(conf, config);
        var pid = Path.Combine(dir, "keepalived.pid");
        var psi = new ProcessStartInfo("ip");
        foreach (var a in new[] { "netns", "exec", lab.Host(host), Keepalived243, $"--use-file={conf}", "--dont-fork",
                     "--log-console", "--log-detail", "--no-syslog", "--dont-respawn", $"--pid={pid}",
                     $"--vrrp_pid={Path.Combine(dir, "vrrp.pid")}" })
        {
            psi.ArgumentList.Add(a);
        }

        return lab.Own(
            new Node($"keepalived-2.4.3 h{host}", psi, pid, conf) { ChildPidFile = Path.Combine(dir, "vrrp.pid") });
    }

    /// <summary>Waits for a log line matching <paramref name="pattern"/> (regex) after line index
    /// <paramref name="from"/>; returns its index and arrival time, or throws with the log.</summary>
    public (int Index, long Ticks) WaitFor(string pattern, TimeSpan limit, int from = 0)
    {
        var regex = new Regex(pattern);
        var end = Stopwatch.GetTimestamp() + (long)(limit.TotalSeconds * Stopwatch.Frequency);
        lock (_lines)
        {
            while (true)
            {
                for (int i = from; i < _lines.Count; i++)
                {
                    if (regex.IsMatch(_lines[i].Line))
                        return (i, _lines[i].Ticks);
                }
                from = _lines.Count;
                var left = end - Stopwatch.GetTimestamp();
                if (left <= 0)
                {
                    throw new TimeoutException(
                        $"{_name}: no line matching /{pattern}/ within {limit.TotalSeconds}s. Log:\n{Log}");
                }

                Monitor.Wait(_lines, TimeSpan.FromSeconds(Math.Min(1, (double)left / Stopwatch.Frequency)));
            }
        }
    }

    /// <summary>The time a Vigil daemon started with <c>-l</c> wrote at the head of line <paramref name="index"/>: the
    /// daemon's own clock, so a measurement between two lines does not depend on when this process read them.</summary>
    public DateTime DaemonStamp(int index)
    {
        string line;
        lock (_lines)
            line = _lines[index].Line;
        return DateTime.ParseExact(
            line[..26],
            "yyyy-MM-dd HH:mm:ss.ffffff",
            System.Globalization.CultureInfo.InvariantCulture);
    }

    public bool Has(string pattern, int from = 0)
    {
        var regex = new Regex(pattern);
        lock (_lines)
            return _lines.Skip(from).Any(l => regex.IsMatch(l.Line));
    }

    public int LineCount
    {
        get
        {
            lock (_lines)
                return _lines.Count;
        }
    }

    public string Log
    {
        get
        {
            var sb = new StringBuilder();
            lock (_lines)
            {
                foreach (var (_, line) in _lines)
                    sb.AppendLine(line);
            }
            return sb.ToString();
        }
    }

    /// <summary>The daemon's own pid (`ip netns exec` execs it, so the child pid is the daemon's).</summary>
    public void Signal(string signal) => Shell.Run("kill", $"-{signal}", Pid.ToString());

    /// <summary>kill -9: for keepalived the VRRP child first (it holds the VIPs), then the parent.</summary>
    public void Crash()
    {
        if (ChildPidFile is not null
            && File.Exists(ChildPidFile)
            && int.TryParse(File.ReadAllText(ChildPidFile).Trim(), out int child))
        {
            Shell.Run("kill", "-KILL", child.ToString());
        }

        Signal("KILL");
        WaitExit(TimeSpan.FromSeconds(10));
    }

    public bool WaitExit(TimeSpan limit) => _process.WaitForExit(limit);

    public int ExitCode => _process.ExitCode;

    public bool HasExited => _process.HasExited;

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
                Crash();
        }
        catch (InvalidOperationException)
        {
        }
        _process.Dispose();
    }
}
