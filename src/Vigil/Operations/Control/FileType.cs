using System.Runtime.InteropServices;

namespace Vigil.Operations.Control;

/// <summary>Whether a path is a socket. .NET exposes no file type beyond file/directory/link, and opening a FIFO
/// to find out would block; statx(2) has the same layout on every architecture, so one P/Invoke answers.</summary>
internal static class FileType
{
    private const int AtFdCwd = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const uint StatxType = 0x1;
    // struct statx: stx_mode (u16) after mask, blksize, attributes, nlink, uid, gid
    private const int ModeOffset = 28;
    private const int StatxSize = 256;
    private const ushort TypeMask = 0xF000;   // S_IFMT
    private const ushort SocketType = 0xC000; // S_IFSOCK

    [DllImport("libc", SetLastError = true)]
    private static extern int statx(
        int dirfd,
        [MarshalAs(UnmanagedType.LPUTF8Str)] string path,
        int flags,
        uint mask,
        byte[] buffer);

    /// <summary>True for a socket, false for anything else; null when the path does not exist or cannot be
    /// examined.</summary>
    public static bool? IsSocket(string path)
    {
        var buffer = new byte[StatxSize];
        if (statx(AtFdCwd, path, AtSymlinkNoFollow, StatxType, buffer) != 0)
            return null;
        var mode = BitConverter.ToUInt16(buffer, ModeOffset); // native byte order, as the kernel wrote it
        return (mode & TypeMask) == SocketType;
    }
}
