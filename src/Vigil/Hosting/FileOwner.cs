using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Vigil.Hosting;

/// <summary>
/// The owner of a file, which .NET does not expose. Script security needs it: a root-run script (or any directory
/// above it) owned by another user can be rewritten by that user whatever its mode bits say. statx(2) is used rather
/// than stat(2) because its structure has the same layout on every architecture.
/// </summary>
public static class FileOwner
{
    private const int AtFdCwd = -100;
    private const uint StatxUid = 0x0008;
    private const uint StatxGid = 0x0010;
    private const int StatxSize = 256;
    private const int UidOffset = 20;
    private const int GidOffset = 24;

    [DllImport("libc", SetLastError = true, EntryPoint = "statx")]
    private static extern int Statx(
        int dirfd,
        [MarshalAs(UnmanagedType.LPUTF8Str)] string path,
        int flags,
        uint mask,
        byte[] buffer);

    /// <summary>Reads the owner uid and gid; false when the file cannot be examined.</summary>
    public static bool TryGet(string path, out uint uid, out uint gid)
    {
        uid = gid = uint.MaxValue;
        var buffer = new byte[StatxSize];
        try
        {
            if (Statx(AtFdCwd, path, 0, StatxUid | StatxGid, buffer) != 0)
                return false;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false; // a libc without statx (glibc < 2.28): the write bits alone still apply
        }
        uid = BinaryPrimitives.ReadUInt32LittleEndian(buffer.AsSpan(UidOffset));
        gid = BinaryPrimitives.ReadUInt32LittleEndian(buffer.AsSpan(GidOffset));
        if (!BitConverter.IsLittleEndian)
        {
            uid = BinaryPrimitives.ReverseEndianness(uid);
            gid = BinaryPrimitives.ReverseEndianness(gid);
        }
        return true;
    }
}
