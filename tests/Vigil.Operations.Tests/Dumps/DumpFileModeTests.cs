using Vigil.Operations.Dumps;

namespace Vigil.Operations.Tests.Dumps;

/// <summary>The dump holds the configuration: it is written 0600 whatever the umask, and replaces (never follows
/// or keeps the mode of) a file already at the path.</summary>
public sealed class DumpFileModeTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("vigil-dumpmode-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void A_dump_is_readable_by_its_owner_only()
    {
        var path = Path.Combine(_dir, "keepalived.data");
        File.WriteAllText(path, "old");
        File.SetUnixFileMode(path, (UnixFileMode)0x1B6); // 0666, as a file another user planted would be
        DumpFile.Write(path, "------< Global definitions >------\n");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.Equal("------< Global definitions >------\n", File.ReadAllText(path));
        var fresh = Path.Combine(_dir, "keepalived.stats");
        DumpFile.Write(fresh, "x");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(fresh));
    }
}
