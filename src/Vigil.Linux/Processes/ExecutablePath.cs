namespace Vigil.Linux.Processes;

/// <summary>Resolves argv[0] through PATH and decides between direct exec and /bin/sh, as keepalived does:
/// a file starting with "#!" or an ELF header is exec'd directly; any other file is run by /bin/sh.</summary>
internal static class ExecutablePath
{
    public const string DefaultPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    public static string? Resolve(string program, string? pathVariable)
    {
        if (program.Contains('/'))
            return File.Exists(program) ? Path.GetFullPath(program) : null;
        foreach (var dir in (pathVariable ?? DefaultPath).Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, program);
            if (File.Exists(candidate) && IsExecutable(candidate))
                return candidate;
        }
        return null;
    }

    public static unsafe bool IsExecutable(string path)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(path + "\0");
        fixed (byte* p = bytes)
            return Native.Libc.access(p, 1 /* X_OK */) == 0;
    }

    /// <summary>True when the file can be exec'd by the kernel itself (shebang or ELF).</summary>
    public static bool IsDirectlyExecutable(string path)
    {
        try
        {
            using var f = File.OpenRead(path);
            Span<byte> head = stackalloc byte[4];
            int n = f.Read(head);
            return (n >= 2 && head[0] == '#' && head[1] == '!')
                || (n == 4 && head[0] == 0x7F && head[1] == 'E' && head[2] == 'L' && head[3] == 'F');
        }
        catch (IOException)
        {
            return true; // let exec report the real error
        }
        catch (UnauthorizedAccessException)
        {
            return true;
        }
    }
}
