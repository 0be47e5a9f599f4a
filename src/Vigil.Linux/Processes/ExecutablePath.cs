namespace Vigil.Linux.Processes;

/// <summary>Resolves argv[0] through PATH and decides between direct exec and /bin/sh, as keepalived does:
/// a file starting with "#!" or an ELF header is exec'd directly; any other file is run by /bin/sh.
/// Checked on every run (an operator may replace a script while the daemon runs), so the common case of an
/// absolute path allocates nothing beyond what the file system calls need.</summary>
internal static class ExecutablePath
{
    public const string DefaultPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    /// <summary>PATH is read only for a bare program name.</summary>
    public static string? Resolve(string program, Func<string?> pathVariable)
    {
        if (program.Contains('/'))
            return File.Exists(program) ? Path.GetFullPath(program) : null;
        foreach (var dir in (pathVariable() ?? DefaultPath).Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, program);
            if (File.Exists(candidate) && IsExecutable(candidate))
                return candidate;
        }
        return null;
    }

    public static bool IsExecutable(string path) => Native.Libc.access(path, 1 /* X_OK */) == 0;

    /// <summary>True when the file can be exec'd by the kernel itself (shebang or ELF). A file that cannot be opened
    /// counts as directly executable, so that exec reports the real error.</summary>
    public static unsafe bool IsDirectlyExecutable(string path)
    {
        // A bare descriptor and one read: a managed file handle was an object per run.
        int fd = Native.Libc.open(path, Native.Libc.O_RDONLY | Native.Libc.O_CLOEXEC, 0);
        if (fd < 0)
            return true;
        byte* head = stackalloc byte[4];
        nint read = Native.Libc.read(fd, head, 4);
        Native.Libc.close(fd);
        return (read >= 2 && head[0] == '#' && head[1] == '!')
            || (read == 4 && head[0] == 0x7F && head[1] == 'E' && head[2] == 'L' && head[3] == 'F');
    }
}
