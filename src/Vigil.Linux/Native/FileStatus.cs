using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Vigil.Linux.Native;

/// <summary>
/// What statx(2) says of a file: its type, owner and size, which .NET does not expose (no owner, no type beyond
/// file, directory and link). statx rather than stat because its structure has one layout on every architecture.
/// The daemon's own checks (script guard, user database) call <see cref="Libc.statx(int, byte*, int, uint, byte*)"/>
/// on native paths; this is the same call for callers with a string or an open file.
/// </summary>
public readonly record struct FileStatus(int Mode, uint Uid, uint Gid, long Size)
{
    private const uint StatxType = 0x1, StatxMode = 0x2, StatxUid = 0x8, StatxGid = 0x10, StatxSizeField = 0x200;
    private const uint Wanted = StatxType | StatxMode | StatxUid | StatxGid | StatxSizeField;
    private const int AtEmptyPath = 0x1000;
    // struct statx: mask, blksize, attributes, nlink, then uid, gid, mode (u16), ino, size.
    private const int UidOffset = 20, GidOffset = 24, ModeOffset = 28, SizeOffset = 40;
    private const int TypeMask = 0xF000;

    public bool IsRegularFile => (Mode & TypeMask) == 0x8000;
    public bool IsSocket => (Mode & TypeMask) == 0xC000;

    /// <summary>The file's type in words, for messages ("a FIFO", "a directory", ...).</summary>
    public string Kind => (Mode & TypeMask) switch
    {
        0x1000 => "a FIFO",
        0x2000 => "a character device",
        0x4000 => "a directory",
        0x6000 => "a block device",
        0x8000 => "a regular file",
        0xA000 => "a symbolic link",
        0xC000 => "a socket",
        _ => "not a plain file",
    };

    /// <summary>The file at <paramref name="path"/>, or the link itself when <paramref name="followLinks"/> is
    /// false. False with the errno when it cannot be examined.</summary>
    public static unsafe bool TryGet(string path, bool followLinks, out FileStatus status, out int errno)
    {
        ArgumentNullException.ThrowIfNull(path);
        byte* buffer = stackalloc byte[Libc.StatxSize];
        var flags = followLinks ? 0 : Libc.AT_SYMLINK_NOFOLLOW;
        return Read(Libc.statx(Libc.AT_FDCWD, path, flags, Wanted, buffer), buffer, out status, out errno);
    }

    /// <summary>The file open on <paramref name="file"/>: judged on the descriptor, never on a path that could be
    /// swapped meanwhile.</summary>
    public static unsafe bool TryGet(SafeFileHandle file, out FileStatus status, out int errno)
    {
        ArgumentNullException.ThrowIfNull(file);
        byte* buffer = stackalloc byte[Libc.StatxSize];
        var fd = (int)file.DangerousGetHandle();
        return Read(Libc.statx(fd, "", AtEmptyPath, Wanted, buffer), buffer, out status, out errno);
    }

    private static unsafe bool Read(int result, byte* buffer, out FileStatus status, out int errno)
    {
        if (result != 0)
        {
            errno = Marshal.GetLastPInvokeError();
            status = default;
            return false;
        }
        errno = 0;
        // The kernel wrote the structure in native byte order.
        status = new FileStatus(*(ushort*)(buffer + ModeOffset), *(uint*)(buffer + UidOffset),
            *(uint*)(buffer + GidOffset), *(long*)(buffer + SizeOffset));
        return true;
    }
}
