using System.Text;

namespace Vigil.Linux.Processes;

/// <summary>Reads what a process tracker needs from /proc: the pids, a process's name, state and parent from
/// /proc/PID/stat, and its argv from /proc/PID/cmdline. A process may vanish between two reads: every reader
/// returns null then, never throws.</summary>
public static class ProcFs
{
    public readonly record struct Stat(string Comm, char State, int ParentPid);

    public static IEnumerable<int> Pids(string root = "/proc")
    {
        foreach (var dir in Directory.EnumerateDirectories(root))
        {
            var name = Path.GetFileName(dir.AsSpan());
            if (name.Length > 0 && name[0] is >= '1' and <= '9' && int.TryParse(name, out int pid))
                yield return pid;
        }
    }

    /// <summary>"PID (comm) S PPID ...": the name sits between the first '(' and the last ')', since a name may
    /// itself contain spaces and parentheses.</summary>
    public static Stat? ReadStat(int pid, string root = "/proc")
    {
        var text = ReadText($"{root}/{pid}/stat");
        if (text is null)
            return null;
        int open = text.IndexOf('('), close = text.LastIndexOf(')');
        if (open < 0 || close < open || close + 2 >= text.Length)
            return null;
        var rest = text.AsSpan(close + 2);
        int space = rest.IndexOf(' ');
        if (space < 0)
            return null;
        var afterState = rest[(space + 1)..];
        int end = afterState.IndexOf(' ');
        int.TryParse(end < 0 ? afterState : afterState[..end], out int ppid);
        return new Stat(text[(open + 1)..close], rest[0], ppid);
    }

    /// <summary>argv, split at the NULs; empty for kernel threads, zombies and vanished processes.</summary>
    public static string[] ReadCommandLine(int pid, string root = "/proc")
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes($"{root}/{pid}/cmdline");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
        if (bytes.Length == 0)
            return [];
        int length = bytes[^1] == 0 ? bytes.Length - 1 : bytes.Length;
        return Encoding.UTF8.GetString(bytes, 0, length).Split('\0');
    }

    /// <summary>The name as the kernel reports it in a COMM event or /proc/PID/comm (NUL-terminated, 16
    /// bytes).</summary>
    public static string CommFromBytes(ReadOnlySpan<byte> comm)
    {
        int nul = comm.IndexOf((byte)0);
        return Encoding.UTF8.GetString(nul < 0 ? comm : comm[..nul]);
    }

    private static string? ReadText(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
