using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Vigil.Operations.Control;

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

    public void Start()
    {
        if (Running)
            return;
        var psi = new ProcessStartInfo("ip") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in (string[])["netns", "exec", Namespace, .. _vigil, "run", "-f", ConfigPath, "-p", PidPath, "--control", ControlPath, "-l"])
            psi.ArgumentList.Add(a);
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

    public void SetCheckFailing(bool failing)
    {
        if (failing)
            File.WriteAllText(FailFile, "failing on purpose\n");
        else
            File.Delete(FailFile);
    }

    /// <summary>The daemon's status document, or null when it does not answer.</summary>
    public async Task<JsonDocument?> StatusAsync(TimeSpan timeout)
    {
        try
        {
            var reply = await ControlClient.SendAsync(ControlPath, new ControlRequest(ControlCommand.Status), timeout).ConfigureAwait(false);
            var doc = JsonDocument.Parse(reply);
            if (doc.RootElement.TryGetProperty("instances", out _))
                return doc;
            doc.Dispose();
            return null;
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
