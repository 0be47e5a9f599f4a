using System.Globalization;
using System.Runtime.InteropServices;

namespace Vigil.Linux.Memory;

/// <summary>
/// Hands the pages of the process's mapped files that it read but never changed back to the page cache. A native
/// daemon touches most of its 11 MB binary while it starts (configuration parser, runtime data it unpacks, start-up
/// code) and then runs from about 2 MB of it; the rest stayed in its resident set for good (bench/README.md, Scale:
/// memory). madvise(MADV_DONTNEED) on a read-only file mapping with no private copy in it only unmaps its pages:
/// they stay in the page cache, and a page used again is mapped back from there on its next access (a minor fault,
/// about a microsecond; the kernel maps the page's cached neighbours with it, so somewhat more than what is used
/// comes back). Reclaim does the same to any process under memory pressure; here it happens once, at a quiet moment
/// chosen by the daemon. A mapping with a private copy (relocated data: "Anonymous" above 0) or one that may be
/// written is never touched, because there the call would throw changes away.
/// </summary>
public static partial class ImagePages
{
    private const int MadvDontNeed = 4;

    /// <summary>A mapping <see cref="Release"/> would advise: where it starts and how long it is, in bytes.</summary>
    public readonly record struct Mapping(ulong Start, ulong Length, string Path);

    /// <summary>The eligible mappings of this process now (empty if /proc cannot be read). Reading them allocates
    /// the text of /proc/self/smaps; <see cref="Release(IReadOnlyList{Mapping})"/> does not, so a caller can collect
    /// garbage in between and advise last, after everything else it runs once has touched its pages.</summary>
    public static List<Mapping> Plan()
    {
        try
        {
            return Eligible(File.ReadAllText("/proc/self/smaps"));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    /// <summary>The mappings of <paramref name="mappings"/> that belong to this process's own executable
    /// (/proc/self/exe); empty when it cannot be told.</summary>
    public static List<Mapping> OfExecutable(IReadOnlyList<Mapping> mappings) =>
        new FileInfo("/proc/self/exe").LinkTarget is { } path ? OfFile(mappings, path) : [];

    /// <summary>The mappings of <paramref name="mappings"/> whose file is <paramref name="path"/>.</summary>
    public static List<Mapping> OfFile(IReadOnlyList<Mapping> mappings, string path)
    {
        var found = new List<Mapping>();
        foreach (var m in mappings)
        {
            if (m.Path == path)
                found.Add(m);
        }
        return found;
    }

    /// <summary>Advises <paramref name="mappings"/> (from <see cref="Plan"/>); returns how many bytes were advised (the
    /// resident part of them leaves the resident set). Never throws: a failure leaves memory as it was.</summary>
    public static unsafe long Release(IReadOnlyList<Mapping> mappings)
    {
        long advised = 0;
        foreach (var m in mappings)
        {
            // Unmapped only, never paged out (MADV_PAGEOUT): the pages stay in the page cache, so the transition
            // path a backup rehearsed at start-up and needs at its first failover is a minor fault away, never a
            // read from disk. Paging out would leave less resident (2.7 against 3.3 MB of the binary for one
            // instance, since a page comes back with its cached neighbours), at that price.
            if (madvise((void*)m.Start, (nuint)m.Length, MadvDontNeed) == 0)
                advised += (long)m.Length;
        }
        return advised;
    }

    /// <summary>The mappings of an smaps listing that are safe to advise: backed by a file (a path, not "[vdso]" or
    /// a deleted file), not writable, and holding no private (anonymous) page.</summary>
    public static List<Mapping> Eligible(string smaps)
    {
        var found = new List<Mapping>();
        Mapping? current = null;
        bool eligible = false;
        foreach (var line in smaps.AsSpan().EnumerateLines())
        {
            if (TryHeader(line, out var mapping, out bool candidate))
            {
                if (current is { } done && eligible)
                    found.Add(done);
                current = mapping;
                eligible = candidate;
            }
            else if (eligible && line.StartsWith("Anonymous:") && KiloBytes(line["Anonymous:".Length..]) != 0)
            {
                eligible = false;
            }
            else if (eligible && line.StartsWith("VmFlags:") && HasFlag(line["VmFlags:".Length..], "lo"))
            {
                eligible = false; // mlock()ed on purpose: leave it
            }
        }
        if (current is { } last && eligible)
            found.Add(last);
        return found;
    }

    /// <summary>"start-end perms offset dev inode [path]"; false for the field lines ("Rss:   12 kB").</summary>
    private static bool TryHeader(ReadOnlySpan<char> line, out Mapping mapping, out bool candidate)
    {
        mapping = default;
        candidate = false;
        int dash = line.IndexOf('-');
        int space = line.IndexOf(' ');
        if (dash <= 0 || space <= dash
            || !TryHex(line[..dash], out var start)
            || !TryHex(line[(dash + 1)..space], out var end)
            || end <= start)
        {
            return false;
        }
        var rest = line[(space + 1)..];
        var perms = rest.Length >= 4 ? rest[..4] : default;
        // After perms, offset, device and inode comes the path, if any.
        int field = 0;
        int i = 0;
        while (i < rest.Length && field < 4)
        {
            while (i < rest.Length && rest[i] != ' ')
                i++;
            while (i < rest.Length && rest[i] == ' ')
                i++;
            field++;
        }
        var path = rest[i..].TrimEnd().ToString();
        mapping = new Mapping(start, end - start, path);
        candidate = perms.Length == 4 && perms[0] == 'r' && perms[1] == '-'
            && path.StartsWith('/') && !path.EndsWith(" (deleted)", StringComparison.Ordinal);
        return true;
    }

    private static bool TryHex(ReadOnlySpan<char> text, out ulong value) =>
        ulong.TryParse(text, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value);

    private static long KiloBytes(ReadOnlySpan<char> value)
    {
        value = value.Trim();
        int unit = value.IndexOf(' ');
        return long.TryParse(unit < 0 ? value : value[..unit], CultureInfo.InvariantCulture, out var kb) ? kb : -1;
    }

    private static bool HasFlag(ReadOnlySpan<char> flags, string flag)
    {
        foreach (var range in flags.Split(' '))
        {
            if (flags[range].SequenceEqual(flag))
                return true;
        }
        return false;
    }

    [LibraryImport("libc", SetLastError = true)]
    private static unsafe partial int madvise(void* address, nuint length, int advice);
}
