using Vigil.Linux.Native;

namespace Vigil.Hosting;

/// <summary>
/// The owner of a file, which .NET does not expose. Script security needs it: a root-run script (or any directory
/// above it) owned by another user can be rewritten by that user whatever its mode bits say.
/// </summary>
public static class FileOwner
{
    /// <summary>Reads the owner uid and gid; false when the file cannot be examined.</summary>
    public static bool TryGet(string path, out uint uid, out uint gid)
    {
        uid = gid = uint.MaxValue;
        try
        {
            if (!FileStatus.TryGet(path, followLinks: true, out var status, out _))
                return false;
            (uid, gid) = (status.Uid, status.Gid);
            return true;
        }
        catch (EntryPointNotFoundException)
        {
            return false; // a libc without statx (glibc < 2.28): the write bits alone still apply
        }
    }
}
