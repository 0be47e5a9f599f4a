using Vigil.Linux.Native;

namespace Vigil.Operations.Control;

/// <summary>Whether a path is a socket. .NET exposes no file type beyond file/directory/link, and opening a FIFO
/// to find out would block.</summary>
internal static class FileType
{
    /// <summary>True for a socket, false for anything else; null when the path does not exist or cannot be
    /// examined.</summary>
    public static bool? IsSocket(string path) =>
        FileStatus.TryGet(path, followLinks: false, out var status, out _) ? status.IsSocket : null;
}
