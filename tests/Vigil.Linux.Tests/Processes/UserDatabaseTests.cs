using Vigil.Linux.Processes;

namespace Vigil.Linux.Tests.Processes;

/// <summary>script_user lookups: parsed once, parsed again when the file changes, and never a stale answer after
/// an edit (the spawner asks before every run).</summary>
public sealed class UserDatabaseTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("vigil-users-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Root_and_numeric_ids_resolve_and_an_unknown_name_does_not()
    {
        Assert.Equal((0, 0), UserDatabase.LookupUser("root"));
        Assert.Equal((1234, 1234), UserDatabase.LookupUser("1234"));
        Assert.Null(UserDatabase.LookupUser("no-such-user-here"));
        Assert.Equal(0, UserDatabase.LookupGroup("root"));
        Assert.Null(UserDatabase.LookupGroup("no-such-group-here"));
    }

    [Fact]
    public void An_edit_is_seen_at_the_next_lookup_even_with_the_same_size_and_mtime()
    {
        var path = Path.Combine(_dir, "passwd");
        File.WriteAllText(path, "alice:x:1001:1001::/home/alice:/bin/sh\nbob:x:1002:1002::/home/bob:/bin/sh\n");
        var table = new UserDatabase.TableFile(path, idField: 2, groupField: 3);
        var mtime = File.GetLastWriteTimeUtc(path);
        Assert.Equal(1001, table.Find("alice")?.Id);
        Assert.Null(table.Find("carol"));

        // Same length, mtime put back: the ctime (and on a rename, the inode) still tells. Kernels without
        // fine-grained timestamps advance ctime once a tick (up to 10 ms), and an edit is never that quick.
        Thread.Sleep(20);
        File.WriteAllText(path, "alice:x:1001:1001::/home/alice:/bin/sh\ncarl:x:1003:1003::/home/carl:/bin/sh\n");
        File.SetLastWriteTimeUtc(path, mtime);
        Assert.Equal(1003, table.Find("carl")?.Id);
        Assert.Null(table.Find("bob"));

        File.Delete(path);
        Assert.Null(table.Find("alice"));
    }

    [Fact]
    public void Malformed_lines_are_skipped()
    {
        var path = Path.Combine(_dir, "group");
        File.WriteAllText(path, "broken\nstaff:x:notanumber:\nwheel:x:10:root\n");
        var table = new UserDatabase.TableFile(path, idField: 2, groupField: 2);
        Assert.Equal(10, table.Find("wheel")?.Id);
        Assert.Null(table.Find("staff"));
        Assert.Null(table.Find("broken"));
    }
}
