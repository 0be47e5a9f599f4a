using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;
using Vigil.Linux.Native;

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

    // DllImport: this project has no unsafe code, which LibraryImport would need.
    [DllImport("libc", SetLastError = true, EntryPoint = "open")]
    private static extern int Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

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
        if (!FileStatus.TryGet(handle, out var status, out var errno))
        {
            error = Marshal.GetPInvokeErrorMessage(errno);
            return null;
        }
        if (!status.IsRegularFile)
        {
            error = $"not a regular file ({status.Kind}); only regular files are read";
            return null;
        }
        long size = status.Size;
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
}
