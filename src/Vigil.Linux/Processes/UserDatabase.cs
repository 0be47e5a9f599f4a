using Vigil.Linux.Native;

namespace Vigil.Linux.Processes;

/// <summary>Name to id lookups from /etc/passwd and /etc/group (numeric ids pass through). The spawner asks before
/// every run as <c>script_user</c>, hundreds of times a second with many scripts, so each file is parsed once and
/// parsed again only when it changes (its inode, size, mtime or ctime, from one statx): reading and splitting
/// /etc/passwd on every run was most of what a script run allocated.</summary>
internal static unsafe class UserDatabase
{
    private static readonly TableFile s_passwd = new("/etc/passwd", idField: 2, groupField: 3);
    private static readonly TableFile s_group = new("/etc/group", idField: 2, groupField: 2);

    public static (int Uid, int Gid)? LookupUser(string user)
    {
        if (int.TryParse(user, out int numeric))
            return (numeric, numeric);
        return s_passwd.Find(user) is { } entry ? (entry.Id, entry.Group) : null;
    }

    public static int? LookupGroup(string group)
    {
        if (int.TryParse(group, out int numeric))
            return numeric;
        return s_group.Find(group)?.Id;
    }

    internal readonly record struct Entry(string Name, int Id, int Group);

    /// <summary>What tells a changed file from the one parsed: an editor's rename gives a new inode, an in-place
    /// write a new mtime or size, and ctime catches a write that restored the old mtime.</summary>
    private readonly record struct Stamp(ulong Inode, ulong Size, long MtimeSec, uint MtimeNsec, long CtimeSec,
        uint CtimeNsec);

    /// <summary>One parsed file and the stamp it was parsed at. Read and replaced whole (a reference), so a lookup
    /// from any thread sees one consistent table.</summary>
    private sealed record Table(Stamp Stamp, Entry[] Entries);

    internal sealed class TableFile(string path, int idField, int groupField)
    {
        private Table? _table;

        public Entry? Find(string name)
        {
            var stamp = StampOf(path);
            var table = Volatile.Read(ref _table);
            if (stamp is null)
                return null;
            if (table is null || table.Stamp != stamp.Value)
            {
                table = new Table(stamp.Value, Parse());
                Volatile.Write(ref _table, table);
            }
            foreach (var entry in table.Entries)
            {
                if (entry.Name == name)
                    return entry;
            }
            return null;
        }

        private Entry[] Parse()
        {
            string[] lines;
            try
            {
                lines = File.ReadAllLines(path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return [];
            }
            var entries = new List<Entry>(lines.Length);
            foreach (var line in lines)
            {
                var f = line.Split(':');
                if (f.Length > Math.Max(idField, groupField) && int.TryParse(f[idField], out int id)
                    && int.TryParse(f[groupField], out int group))
                {
                    entries.Add(new Entry(f[0], id, group));
                }
            }
            return [.. entries];
        }
    }

    private const uint StatxBasicStats = 0x7FF;
    private const int InodeOffset = 32, SizeOffset = 40, CtimeOffset = 96, MtimeOffset = 112;

    /// <summary>Null when the file cannot be examined (then it is treated as empty, as a read failure was).</summary>
    private static Stamp? StampOf(string path)
    {
        byte* b = stackalloc byte[Libc.StatxSize];
        if (Libc.statx(Libc.AT_FDCWD, path, 0, StatxBasicStats, b) != 0)
            return null;
        return new Stamp(*(ulong*)(b + InodeOffset), *(ulong*)(b + SizeOffset), *(long*)(b + MtimeOffset),
            *(uint*)(b + MtimeOffset + 8), *(long*)(b + CtimeOffset), *(uint*)(b + CtimeOffset + 8));
    }
}
