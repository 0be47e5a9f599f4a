using System.Diagnostics;

namespace Vigil.Lab;

/// <summary>Runs `ip` and friends and returns what they said; used by the lab and by the namespace tests.</summary>
public static class Shell
{
    public static (int Code, string Out, string Err) Run(string file, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args)
            psi.ArgumentList.Add(a);
        using var p = Process.Start(psi) ?? throw new InvalidOperationException($"cannot start {file}");
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(30_000))
        {
            p.Kill(entireProcessTree: true);
            p.WaitForExit();
        }
        return (p.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>Runs and throws with the command's own error text when it fails.</summary>
    public static string Must(string file, params string[] args)
    {
        var (code, output, err) = Run(file, args);
        if (code != 0)
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed ({code}): {err.Trim()}");
        return output;
    }

    public static bool IsRoot => geteuid() == 0;

    [System.Runtime.InteropServices.DllImport("libc")]
    private static extern uint geteuid();
}
