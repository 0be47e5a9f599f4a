using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace Vigil.Hosting;

/// <summary>
/// Reads one configuration file without ever blocking or growing without bound, whatever the path names. The file
/// is opened with O_NONBLOCK (a FIFO with no writer would otherwise block the open itself), then judged by fstat
/// on the open descriptor, not by a stat of the path that the file could be swapped under: only a regular file is
/// read. At most cap + 1 bytes are read, so a file that grows while it is read, or lies about its size, is still
/// refused at the cap.
/// </summary>
internal static class ConfigFileReader
{
    private const int ORdOnly = 0, ONonBlock = 0x800, ONoCtty = 0x100, OCloExec = 0x80000;
    private const int AtEmptyPath = 0x1000;
    private const uint StatxType = 0x1, StatxSize = 0x200;
    private const int StatxBufferSize = 256, ModeOffset = 28, SizeOffset = 40;
    private const int SIfMt = 0xF000, SIfReg = 0x8000;

    // DllImport (as FileOwner): this project has no unsafe code, which LibraryImport would need.
    [DllImport("libc", SetLastError = true, EntryPoint = "open")]
    private static extern int Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    [DllImport("libc", SetLastError = true, EntryPoint = "statx")]
    private static extern int Statx(
        int dirfd,
        [MarshalAs(UnmanagedType.LPUTF8Str)] string path,
        int flags,
        uint mask,
        byte[] buffer);

    /// <summary>The file's text, or null with the reason.</summary>
    public static string? Read(string path, long maxBytes, out string? error)
    {
        error = null;
        int fd = Open(path, ORdOnly | ONonBlock | ONoCtty | OCloExec);
        if (fd < 0)
        {
            error = Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError());
            return null;
        }
        using var handle = new SafeFileHandle(fd, ownsHandle: true);
        var stx = new byte[StatxBufferSize];
        if (Statx(fd, string.Empty, AtEmptyPath, StatxType | StatxSize, stx) != 0)
        {
            error = Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError());
            return null;
        }
        int mode = BinaryPrimitives.ReadUInt16LittleEndian(stx.AsSpan(ModeOffset));
        if ((mode & SIfMt) != SIfReg)
        {
            error = $"not a regular file ({Kind(mode)}); only regular files are read";
            return null;
        }
        long size = (long)BinaryPrimitives.ReadUInt64LittleEndian(stx.AsSpan(SizeOffset));
        if (size > maxBytes)
        {
            error = $"larger than {maxBytes / (1024 * 1024)} MiB";
            return null;
        }
        // Read to the end but never past cap + 1 bytes: the size from fstat is only a hint.
        var buffer = new byte[Math.Min(size, maxBytes) + 1];
        long total = 0;
        while (true)
        {
            if (total == buffer.Length)
            {
                if (total > maxBytes)
                {
                    error = $"larger than {maxBytes / (1024 * 1024)} MiB";
                    return null;
                }
                Array.Resize(ref buffer, (int)Math.Min(maxBytes + 1, Math.Max(4096, buffer.Length * 2L)));
            }
            int n = RandomAccess.Read(handle, buffer.AsSpan((int)total), total);
            if (n == 0)
                break;
            total += n;
        }
        return new UTF8Encoding(false, false).GetString(buffer, 0, (int)total);
    }

    private static string Kind(int mode) => (mode & SIfMt) switch
    {
        0x1000 => "a FIFO",
        0x2000 => "a character device",
        0x4000 => "a directory",
        0x6000 => "a block device",
        0xC000 => "a socket",
        _ => "not a plain file",
    };
}
