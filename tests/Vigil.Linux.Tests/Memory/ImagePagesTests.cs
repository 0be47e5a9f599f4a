using Vigil.Linux.Memory;

namespace Vigil.Linux.Tests.Memory;

/// <summary>Which mappings the daemon hands back to the page cache after start-up, and that doing it to a running
/// process (this one) shrinks its resident file pages and leaves it working.</summary>
public sealed class ImagePagesTests
{
    private const string Smaps = """
        5555c0a00000-5555c0b00000 r--p 00000000 08:01 1234                       /usr/sbin/vigil
        Size:               1024 kB
        Rss:                 900 kB
        Anonymous:             0 kB
        VmFlags: rd mr mw me sd
        5555c0b00000-5555c0c00000 r-xp 00100000 08:01 1234                       /usr/sbin/vigil
        Rss:                 800 kB
        Anonymous:             0 kB
        VmFlags: rd ex mr mw me sd
        5555c0c00000-5555c0c10000 r--p 00200000 08:01 1234                       /usr/sbin/vigil
        Rss:                  64 kB
        Anonymous:            12 kB
        VmFlags: rd mr mw me ac sd
        5555c0c10000-5555c0c20000 rw-p 00210000 08:01 1234                       /usr/sbin/vigil
        Anonymous:            60 kB
        5555c0c20000-5555c0d00000 rw-p 00000000 00:00 0
        Anonymous:           896 kB
        7f0000000000-7f0000100000 r-xp 00000000 08:01 99                         /usr/lib/x86_64-linux-gnu/libc.so.6
        Anonymous:             0 kB
        7f0000100000-7f0000110000 r--p 00000000 08:01 77                         /opt/old binary (deleted)
        Anonymous:             0 kB
        7f0000200000-7f0000201000 r--p 00000000 08:01 78                         /etc/locked data
        Anonymous:             0 kB
        VmFlags: rd mr mw me lo
        7f0000300000-7f0000302000 r-xp 00000000 08:01 79                         /usr/lib/with spaces/lib.so
        Anonymous:             0 kB
        7ffc00000000-7ffc00002000 r-xp 00000000 00:00 0                          [vdso]
        Anonymous:             0 kB
        """;

    [Fact]
    public void Only_read_only_file_mappings_without_a_private_page_are_eligible()
    {
        var eligible = ImagePages.Eligible(Smaps);
        Assert.Equal(
            [
                new ImagePages.Mapping(0x5555c0a00000, 0x100000, "/usr/sbin/vigil"),
                new ImagePages.Mapping(0x5555c0b00000, 0x100000, "/usr/sbin/vigil"),
                new ImagePages.Mapping(0x7f0000000000, 0x100000, "/usr/lib/x86_64-linux-gnu/libc.so.6"),
                new ImagePages.Mapping(0x7f0000300000, 0x2000, "/usr/lib/with spaces/lib.so"),
            ],
            eligible);
    }

    [Fact]
    public void An_unreadable_anonymous_count_is_taken_as_a_private_page()
    {
        const string text = """
            5555c0a00000-5555c0b00000 r--p 00000000 08:01 1234                       /usr/sbin/vigil
            Anonymous:           ??? kB
            """;
        Assert.Empty(ImagePages.Eligible(text));
    }

    [Fact]
    public void The_last_mapping_counts_too_and_garbage_lines_are_ignored()
    {
        const string text = "not a mapping\n7f0000000000-7f0000001000 r-xp 00000000 08:01 9 /lib/x.so\n";
        Assert.Equal([new ImagePages.Mapping(0x7f0000000000, 0x1000, "/lib/x.so")], ImagePages.Eligible(text));
    }

    [Fact]
    public void The_executables_own_mappings_are_picked_by_path()
    {
        var eligible = ImagePages.Eligible(Smaps);

        var vigil = ImagePages.OfFile(eligible, "/usr/sbin/vigil");

        Assert.Equal([0x5555c0a00000UL, 0x5555c0b00000UL], vigil.Select(m => m.Start));
        Assert.Empty(ImagePages.OfFile(eligible, "/usr/sbin/vigi"));
    }

    [Fact]
    public void This_process_finds_its_executable_among_its_mappings()
    {
        // The test host is an executable too (dotnet): its read-only mappings are eligible and named by
        // /proc/self/exe, and nothing else is picked.
        var exe = new FileInfo("/proc/self/exe").LinkTarget;
        Assert.NotNull(exe);

        var own = ImagePages.OfExecutable(ImagePages.Plan());

        Assert.NotEmpty(own);
        Assert.All(own, m => Assert.Equal(exe, m.Path));
    }

    [Fact]
    public void Releasing_this_process_shrinks_its_resident_file_pages_and_it_keeps_running()
    {
        long before = RssFileKb();
        long advised = ImagePages.Release(ImagePages.Plan());
        long after = RssFileKb();
        Assert.True(advised > 0, "no mapping was eligible");
        Assert.True(after < before, $"RssFile {before} kB before, {after} kB after");
        // The code and data given back come back on use: this process goes on working.
        Assert.Equal(4950, Enumerable.Range(0, 100).Sum());
        Assert.True(RssFileKb() > 0);
    }

    private static long RssFileKb()
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith("RssFile:", StringComparison.Ordinal))
            {
                var value = line["RssFile:".Length..].Trim().Split(' ')[0];
                return long.Parse(value, System.Globalization.CultureInfo.InvariantCulture);
            }
        }
        throw new InvalidOperationException("no RssFile in /proc/self/status");
    }
}
