using System.Runtime.InteropServices;
using System.Text;
using Vigil.Linux.Native;

namespace Vigil.Linux.Processes;

/// <summary>
/// The run-time half of script security. The configuration front end judges every script once, at load; a file
/// (or a directory above it) can change afterwards, so before each run as root under enable_script_security the
/// spawner asks again here: every component of the real path (symlinks resolved by realpath(3)) must be owned by
/// root and not writable by group or others; a directory with the sticky bit (/tmp) may be writable, as at load.
/// The rule is the load-time rule (Vigil.Hosting.LinuxHostEnvironment), so a script that passed the load passes
/// here unless it changed. Cost: one realpath and one statx per path component, on the spawner's thread, all on
/// the stack: no allocation.
/// </summary>
internal static unsafe partial class ScriptFileGuard
{
    private const int PathMax = 4096;
    private const uint StatxType = 0x1, StatxMode = 0x2, StatxUid = 0x8;
    private const int UidOffset = 20, ModeOffset = 28;
    private const int SIfMt = 0xF000, SIfDir = 0x4000, SIsVtx = 0x200, SIwGrp = 0x10, SIwOth = 0x2;

    [LibraryImport("libc", SetLastError = true)]
    private static partial byte* realpath(byte* path, byte* resolved);

    /// <summary>Null when <paramref name="path"/> is safe to run as root; otherwise why not.</summary>
    public static string? WhyUnsafe(string path)
    {
        int n = Encoding.UTF8.GetByteCount(path);
        if (n >= PathMax)
            return "path too long";
        byte* given = stackalloc byte[n + 1];
        Encoding.UTF8.GetBytes(path, new Span<byte>(given, n));
        given[n] = 0;
        byte* real = stackalloc byte[PathMax];
        if (realpath(given, real) == null)
            return $"cannot resolve: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}";
        int length = new ReadOnlySpan<byte>(real, PathMax).IndexOf((byte)0);
        byte* buffer = stackalloc byte[Libc.StatxSize];
        // The file itself, then each directory above it, up to and including "/".
        for (int end = length; end > 0; end = LastSlash(real, end))
        {
            byte saved = real[end];
            real[end] = 0;
            var why = Judge(real, buffer);
            real[end] = saved;
            if (why is not null)
                return $"{why}: {Encoding.UTF8.GetString(real, end)}";
        }
        byte* root = stackalloc byte[2] { (byte)'/', 0 };
        var rootWhy = Judge(root, buffer);
        return rootWhy is null ? null : $"{rootWhy}: /";
    }

    /// <summary>The index of the '/' that ends the parent of real[..end], or 0 when the parent is "/".</summary>
    private static int LastSlash(byte* real, int end)
    {
        int i = end - 1;
        while (i > 0 && real[i] != '/')
            i--;
        return i;
    }

    private static string? Judge(byte* component, byte* buffer)
    {
        // No symlink is left in a realpath; AT_SYMLINK_NOFOLLOW keeps it that way if one appeared meanwhile.
        const uint Mask = StatxType | StatxMode | StatxUid;
        if (Libc.statx(Libc.AT_FDCWD, component, Libc.AT_SYMLINK_NOFOLLOW, Mask, buffer) != 0)
            return $"cannot examine ({Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())})";
        uint uid = *(uint*)(buffer + UidOffset);
        int mode = *(ushort*)(buffer + ModeOffset);
        if (uid != 0)
            return $"owned by uid {uid}";
        bool stickyDirectory = (mode & SIfMt) == SIfDir && (mode & SIsVtx) != 0;
        if (!stickyDirectory && (mode & (SIwGrp | SIwOth)) != 0)
            return "writable by group or others";
        return null;
    }
}
