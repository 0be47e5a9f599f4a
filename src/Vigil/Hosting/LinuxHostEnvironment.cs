using Vigil.Config;

namespace Vigil.Hosting;

/// <summary>Answers the front end's host questions the way keepalived's `-t` does: interfaces from
/// /sys/class/net, users and groups from /etc/passwd and /etc/group, scripts through PATH with
/// executability and root-path safety checks. The roots are parameters so tests can use a fake tree.</summary>
public sealed class LinuxHostEnvironment(string sysClassNet = "/sys/class/net", string passwd = "/etc/passwd",
    string group = "/etc/group", string? path = null) : IHostEnvironment
{
    private readonly string _path = path
        ?? Environment.GetEnvironmentVariable("PATH")
        ?? "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
    private Dictionary<string, (int Uid, int Gid)>? _users;
    private HashSet<string>? _groups;

    public bool InterfaceExists(string name) =>
        name.Length is > 0 and <= 15
            && !name.Contains('/', StringComparison.Ordinal)
            && name is not ("." or "..")
            && Directory.Exists(Path.Combine(sysClassNet, name));

    /// <summary>Interfaces of /run/netns/NAME, asked from a thread inside it; users, groups and scripts as
    /// here.</summary>
    public IHostEnvironment? InNetNamespace(string netNamespace) =>
        File.Exists(Vigil.Linux.Namespaces.NetNamespaceEntry.PathOf(netNamespace))
            ? new InNamespace(this, netNamespace)
            : null;

    private sealed class InNamespace(LinuxHostEnvironment host, string netNamespace) : IHostEnvironment
    {
        private readonly Dictionary<string, bool> _interfaces = new(StringComparer.Ordinal);

        public bool InterfaceExists(string name)
        {
            if (name.Length is 0 or > 15 || name.Contains('/', StringComparison.Ordinal))
                return false;
            if (!_interfaces.TryGetValue(name, out var exists))
            {
                _interfaces[name] =
                    exists = Vigil.Linux.Namespaces.NetNamespaceQuery.InterfaceExists(netNamespace, name)
                    ?? false;
            }

            return exists;
        }

        public bool UserExists(string name) => host.UserExists(name);

        public bool GroupExists(string name) => host.GroupExists(name);

        public ScriptFileStatus CheckScript(string command, string? user) => host.CheckScript(command, user);

        public bool TryReadKeyFile(string path, out byte[] key, out bool readableByOthers, out string? error) =>
            ((IHostEnvironment)host).TryReadKeyFile(path, out key, out readableByOthers, out error);
    }

    public bool UserExists(string name) => Users().ContainsKey(name) || (int.TryParse(name, out var uid) && uid >= 0);

    public bool GroupExists(string name) =>
        (_groups ??= ReadNames(group)).Contains(name) || (int.TryParse(name, out var gid) && gid >= 0);

    public ScriptFileStatus CheckScript(string command, string? user)
    {
        if (OperatingSystem.IsWindows())
            return ScriptFileStatus.Ok;
        var resolved = Resolve(command);
        if (resolved is null)
            return ScriptFileStatus.NotFound;
        try
        {
            var real = new FileInfo(resolved).ResolveLinkTarget(true)?.FullName ?? Path.GetFullPath(resolved);
            var mode = File.GetUnixFileMode(real);
            if ((mode & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) == 0)
                return ScriptFileStatus.NotExecutable;
            var runsAsRoot = user is null or "root" || (Users().TryGetValue(user, out var u) && u.Uid == 0);
            if (runsAsRoot && !SafePath(real))
                return ScriptFileStatus.Insecure;
            return ScriptFileStatus.Ok;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return ScriptFileStatus.NotFound;
        }
    }

    public bool TryReadKeyFile(string path, out byte[] key, out bool readableByOthers, out string? error) =>
        HmacKeyFiles.TryRead(path, out key, out readableByOthers, out error);

    private string? Resolve(string command)
    {
        if (command.Length == 0)
            return null;
        if (command.Contains('/', StringComparison.Ordinal))
            return File.Exists(command) ? command : null;
        foreach (var dir in _path.Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, command);
            if (File.Exists(candidate))
                return candidate;
        }
        return null;
    }

    /// <summary>Every path component must be owned by root and not group/world writable (a sticky directory may be
    /// writable), as keepalived requires of a script that runs as root.</summary>
    private static bool SafePath(string file)
    {
        if (OperatingSystem.IsWindows())
            return true;
        var current = file;
        while (!string.IsNullOrEmpty(current))
        {
            var mode = File.GetUnixFileMode(current);
            var sticky = (mode & UnixFileMode.StickyBit) != 0 && Directory.Exists(current);
            if (!sticky && (mode & (UnixFileMode.GroupWrite | UnixFileMode.OtherWrite)) != 0)
                return false;
            if (FileOwner.TryGet(current, out var uid, out _) && uid != 0)
                return false;
            var parent = Path.GetDirectoryName(current);
            if (parent == current)
                break;
            current = parent;
        }
        return true;
    }

    private Dictionary<string, (int Uid, int Gid)> Users()
    {
        if (_users is not null)
            return _users;
        _users = new Dictionary<string, (int Uid, int Gid)>(StringComparer.Ordinal);
        try
        {
            foreach (var line in File.ReadLines(passwd))
            {
                var f = line.Split(':');
                if (f.Length >= 4 && int.TryParse(f[2], out var uid) && int.TryParse(f[3], out var gid))
                    _users[f[0]] = (uid, gid);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
        return _users;
    }

    private static HashSet<string> ReadNames(string file)
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            foreach (var line in File.ReadLines(file))
            {
                var colon = line.IndexOf(':', StringComparison.Ordinal);
                if (colon > 0)
                    set.Add(line[..colon]);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
        return set;
    }
}
