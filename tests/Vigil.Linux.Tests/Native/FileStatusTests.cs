using System.Net.Sockets;
using Vigil.Linux.Native;

namespace Vigil.Linux.Tests.Native;

public sealed class FileStatusTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("vigil-filestatus-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void A_regular_file_has_its_size_type_and_owner()
    {
        var path = Path.Combine(_dir, "conf");
        File.WriteAllText(path, "global_defs {}\n");

        Assert.True(FileStatus.TryGet(path, followLinks: true, out var status, out var errno));
        Assert.Equal(0, errno);
        Assert.True(status.IsRegularFile);
        Assert.False(status.IsSocket);
        Assert.Equal(15, status.Size);
        Assert.Equal("a regular file", status.Kind);
        if (Environment.IsPrivilegedProcess)
            Assert.Equal(0u, status.Uid); // made by root, owned by root
    }

    [Fact]
    public void An_open_file_is_judged_on_its_descriptor()
    {
        var path = Path.Combine(_dir, "conf");
        File.WriteAllText(path, "x");
        using var handle = File.OpenHandle(path);
        File.Delete(path);
        Directory.CreateDirectory(path); // the path now names a directory; the descriptor still the file

        Assert.True(FileStatus.TryGet(handle, out var status, out _));
        Assert.True(status.IsRegularFile);
        Assert.Equal(1, status.Size);
        Assert.True(FileStatus.TryGet(path, followLinks: true, out var now, out _));
        Assert.Equal("a directory", now.Kind);
    }

    [Fact]
    public void A_socket_a_link_and_a_missing_path_are_told_apart()
    {
        var socketPath = Path.Combine(_dir, "s.sock");
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(socketPath));
        var link = Path.Combine(_dir, "link");
        File.CreateSymbolicLink(link, socketPath);

        Assert.True(FileStatus.TryGet(socketPath, followLinks: false, out var s, out _));
        Assert.True(s.IsSocket);
        Assert.True(FileStatus.TryGet(link, followLinks: false, out var l, out _));
        Assert.Equal("a symbolic link", l.Kind);
        Assert.True(FileStatus.TryGet(link, followLinks: true, out var followed, out _));
        Assert.True(followed.IsSocket);
        Assert.False(FileStatus.TryGet(Path.Combine(_dir, "none"), followLinks: true, out _, out var errno));
        Assert.Equal(2, errno); // ENOENT
    }
}
