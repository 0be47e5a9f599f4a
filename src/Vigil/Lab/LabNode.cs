using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Vigil.Operations.Control;
using Vigil.Operations.Status;

namespace Vigil.Lab;

/// <summary>One lab node: a `vigil run` daemon in its namespace, its files (configuration, control socket, pid,
/// log, fail file) under the lab's directory, and the faults that can be done to it.</summary>
public sealed class LabNode : IDisposable
{
    private readonly string[] _vigil;
    private Process? _process;
    private StreamWriter? _log;

    public LabNode(int index, string @namespace, string directory, IReadOnlyList<string> vigilCommand)
    {
        Index = index;
        Namespace = @namespace;
        _vigil = [.. vigilCommand];
        var n = "n" + index.ToString(CultureInfo.InvariantCulture);
        ConfigPath = Path.Combine(directory, n + ".conf");
        ControlPath = Path.Combine(directory, n + ".sock");
        PidPath = Path.Combine(directory, n + ".pid");
        LogPath = Path.Combine(directory, n + ".log");
        FailFile = Path.Combine(directory, n + ".fail");
        File.WriteAllText(ConfigPath, LabConfig.For(index, FailFile));
    }

    public int Index { get; }

    public string Name => "n" + Index.ToString(CultureInfo.InvariantCulture);

    public string Namespace { get; }

    public string ConfigPath { get; }

    public string ControlPath { get; }

    public string PidPath { get; }

    public string LogPath { get; }

    public string FailFile { get; }

    public bool Running => _process is { HasExited: false };

    public bool CheckFailing => File.Exists(FailFile);

    /// <summary>Extra `vigil run` options for every start (e.g. --metrics).</summary>
    public IReadOnlyList<string> ExtraArguments { get; set; } = [];

    /// <summary>Extra environment for the daemon (e.g. NOTIFY_SOCKET).</summary>
    public IReadOnlyDictionary<string, string> Environment { get; set; } = new Dictionary<string, string>();

    /// <summary>The daemon's process id while it runs.</summary>
    public int? Pid => Running ? _process!.Id : null;

    /// <summary>Replaces the generated configuration (takes effect at the next start or reload).</summary>
    public void WriteConfig(string text) => File.WriteAllText(ConfigPath, text);

    public void Start()
    {
        if (Running)
            return;
        var psi = new ProcessStartInfo("ip") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in (string[])[
            "netns",
            "exec",
            Namespace,
            .. _vigil,
            "run",
            "-f",
            ConfigPath,
            "-p",
            PidPath,
            "--control",
            ControlPath,
            "-l",
            .. ExtraArguments])
        {
            psi.ArgumentList.Add(a);
        }

        foreach (var (name, value) in Environment)
            psi.Environment[name] = value;
        _log ??= new StreamWriter(LogPath, append: true) { AutoFlush = true };
        var process = Process.Start(psi) ?? throw new InvalidOperationException("cannot start ip netns exec");
        process.OutputDataReceived += (_, e) => WriteLog(e.Data);
        process.ErrorDataReceived += (_, e) => WriteLog(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process?.Dispose();
        _process = process;
    }

    private void WriteLog(string? line)
    {
        if (line is null)
            return;
        lock (this)
            _log?.WriteLine(line);
    }

    /// <summary>SIGKILL: the node vanishes without a word, its address left behind, as in a crash.</summary>
    public void Kill()
    {
        if (!Running)
            return;
        _process!.Kill();
        _process.WaitForExit(5000);
    }

    /// <summary>SIGTERM and wait: a graceful stop (priority-0 advert, addresses removed).</summary>
    public void Stop()
    {
        if (!Running)
            return;
        Shell.Run("kill", "-TERM", _process!.Id.ToString(CultureInfo.InvariantCulture));
        if (!_process.WaitForExit(5000))
            Kill();
    }

    /// <summary>Sends a signal by name (HUP, USR1, USR2, TERM...) to the daemon.</summary>
    public void Signal(string name)
    {
        if (Running)
            Shell.Must("kill", "-" + name, _process!.Id.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>What the daemon has logged so far.</summary>
    public string Log()
    {
        lock (this)
        {
            using var reader = new StreamReader(
                new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite));
            return reader.ReadToEnd();
        }
    }

    public void SetCheckFailing(bool failing)
    {
        if (failing)
            File.WriteAllText(FailFile, "failing on purpose\n");
        else
            File.Delete(FailFile);
    }

    /// <summary>The daemon's status document, or null when it does not answer.</summary>
    public async Task<StatusDocument?> StatusAsync(TimeSpan timeout)
    {
        try
        {
            var reply = await ControlClient.SendAsync(
                ControlPath,
                new ControlRequest(ControlCommand.Status),
                timeout).ConfigureAwait(false);
            // An error reply reads as a document without instances, which is how the lab shows a starting node.
            return StatusJsonReader.Status(reply);
        }
        catch (Exception e) when (e is ControlUnavailableException or JsonException)
        {
            return null;
        }
    }

    public void Dispose()
    {
        Stop();
        _process?.Dispose();
        lock (this)
        {
            _log?.Dispose();
            _log = null;
        }
    }
}
