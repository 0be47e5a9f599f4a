using System.Diagnostics;

namespace Vigil.Linux.Tests.Harness;

/// <summary>A copy of sleep under a unique name (so no other process on the machine matches it), started and
/// killed by a test; killed and reaped on dispose.</summary>
public sealed class TrackedProcess : IDisposable
{
    private readonly List<Process> _running = [];

    public TrackedProcess(string dir)
    {
        Name = "vtp" + Guid.NewGuid().ToString("N")[..8];
        Path = System.IO.Path.Combine(dir, Name);
        File.Copy("/bin/sleep", Path);
        File.SetUnixFileMode(Path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    /// <summary>The process name (11 characters, within the kernel's 15).</summary>
    public string Name { get; }

    public string Path { get; }

    public int Running => _running.Count;

    public void Start()
    {
        // ETXTBSY: a child another test forked just while the copy was written still holds the copy's write
        // descriptor until its own exec closes it. That lasts microseconds; try again.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                _running.Add(Process.Start(new ProcessStartInfo(Path, "1000") { UseShellExecute = false })!);
                return;
            }
            catch (System.ComponentModel.Win32Exception e) when (e.NativeErrorCode == TextFileBusy && attempt < 50)
            {
                Thread.Sleep(20);
            }
        }
    }

    private const int TextFileBusy = 26;

    /// <summary>Kills the most recently started one and reaps it.</summary>
    public void StopOne()
    {
        var p = _running[^1];
        _running.RemoveAt(_running.Count - 1);
        p.Kill();
        p.WaitForExit();
        p.Dispose();
    }

    public void Dispose()
    {
        while (_running.Count > 0)
            StopOne();
    }
}
