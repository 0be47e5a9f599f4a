namespace Vigil.Linux.Processes;

/// <summary>Name to id lookups from /etc/passwd and /etc/group (numeric ids pass through).</summary>
internal static class UserDatabase
{
    public static (int Uid, int Gid)? LookupUser(string user)
    {
        if (int.TryParse(user, out int numeric))
            return (numeric, numeric);
        foreach (var line in ReadLines("/etc/passwd"))
        {
            var f = line.Split(':');
            if (f.Length >= 4 && f[0] == user && int.TryParse(f[2], out int uid) && int.TryParse(f[3], out int gid))
                return (uid, gid);
        }
        return null;
    }

    public static int? LookupGroup(string group)
    {
        if (int.TryParse(group, out int numeric))
            return numeric;
        foreach (var line in ReadLines("/etc/group"))
        {
            var f = line.Split(':');
            if (f.Length >= 3 && f[0] == group && int.TryParse(f[2], out int gid))
                return gid;
        }
        return null;
    }

    private static IEnumerable<string> ReadLines(string path)
    {
        try
        {
            return File.ReadAllLines(path);
        }
        catch (IOException)
        {
            return [];
        }
    }
}
