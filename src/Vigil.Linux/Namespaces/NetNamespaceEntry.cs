using System.Collections;
using System.Runtime.InteropServices;
using System.Text;
using Vigil.Linux.Native;

namespace Vigil.Linux.Namespaces;

/// <summary>
/// keepalived's <c>net_namespace NAME</c>: the daemon starts where it was started and moves itself into
/// /run/netns/NAME. setns(2) moves only the calling thread, and the runtime has started others by then, so the
/// calling thread enters the namespace, takes a mount namespace of its own with the namespace's sysfs on /sys (as
/// <c>ip netns exec</c> does, so /sys/class/net lists the namespace's interfaces) and executes the program again: the
/// new image has that one thread's namespaces, and every thread it starts is born inside. <see cref="MarkerVariable"/>
/// tells the new image it is already inside, so it never moves twice.
/// </summary>
public static unsafe class NetNamespaceEntry
{
    /// <summary>Set to NAME in the new image's environment; taken out again by <see cref="TakeMarker"/>.</summary>
    public const string MarkerVariable = "VIGIL_NET_NAMESPACE";

    /// <summary>Where `ip netns add` puts the namespace (keepalived opens the same path).</summary>
    public static string PathOf(string name) => "/run/netns/" + name;

    /// <summary>In the new image: the namespace this process was moved into, or null; the variable is removed so
    /// that scripts do not inherit it.</summary>
    public static string? TakeMarker()
    {
        var name = Environment.GetEnvironmentVariable(MarkerVariable);
        if (name is not null)
            Environment.SetEnvironmentVariable(MarkerVariable, null);
        return string.IsNullOrEmpty(name) ? null : name;
    }

    /// <summary>Moves into <paramref name="name"/> and executes this program again with the same arguments, the
    /// environment plus <see cref="MarkerVariable"/> and <paramref name="extraEnvironment"/>. Returns only when
    /// that failed, with the reason; the namespace must exist before anything changes, so a missing one leaves the
    /// process where it was.</summary>
    public static string Reexecute(string name, IReadOnlyDictionary<string, string> extraEnvironment)
    {
        ArgumentNullException.ThrowIfNull(extraEnvironment);
        var path = PathOf(name);
        int ns = Libc.open(path, Libc.O_RDONLY | Libc.O_CLOEXEC, 0);
        if (ns < 0)
            return $"Failed to open {path} ({Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())})";
        string[] argv;
        try
        {
            // The arguments exactly as the kernel started this process: for `dotnet vigil.dll ...` too.
            argv = File.ReadAllText("/proc/self/cmdline").TrimEnd('\0').Split('\0');
        }
        catch (IOException e)
        {
            Libc.close(ns);
            return $"cannot read /proc/self/cmdline: {e.Message}";
        }
        var env = new List<string>();
        foreach (DictionaryEntry e in Environment.GetEnvironmentVariables())
        {
            var key = (string)e.Key;
            if (key != MarkerVariable && !extraEnvironment.ContainsKey(key))
                env.Add($"{key}={e.Value}");
        }
        env.Add($"{MarkerVariable}={name}");
        foreach (var (key, value) in extraEnvironment)
            env.Add($"{key}={value}");

        // From here on everything happens on this one thread, which execve then makes the whole process.
        int rc = Libc.setns(ns, Libc.CLONE_NEWNET);
        int errno = Marshal.GetLastPInvokeError();
        Libc.close(ns);
        if (rc != 0)
            return $"setns() failed ({Marshal.GetPInvokeErrorMessage(errno)})";
        if (OwnSysfs() is { } sysfsError)
            return sysfsError;
        var allocations = new List<nint>();
        try
        {
            byte** a = CArray(argv, allocations);
            byte** envp = CArray(env, allocations);
            fixed (byte* exe = "/proc/self/exe\0"u8)
                Libc.execve(exe, a, envp);
            return $"execve() failed ({Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())})";
        }
        finally
        {
            foreach (var p in allocations)
                NativeMemory.Free((void*)p);
        }
    }

    /// <summary>A mount namespace for this thread in which mounts no longer propagate back to the host, with a sysfs
    /// of the current network namespace on /sys. Mounts from the host still arrive (slave), and files written
    /// under /run are the host's files.</summary>
    private static string? OwnSysfs()
    {
        if (Libc.unshare(Libc.CLONE_NEWNS) != 0)
            return $"mount namespace unshare failed ({Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())})";
        fixed (byte* none = "none\0"u8, root = "/\0"u8, sys = "/sys\0"u8, sysfs = "sysfs\0"u8)
        {
            if (Libc.mount(none, root, null, Libc.MS_REC | Libc.MS_SLAVE, null) != 0)
            {
                return $"making / a slave mount failed " +
                    $"({Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())})";
            }
            // The host's sysfs shows the host's interfaces; detach it (a /sys that is not a mount point is fine).
            Libc.umount2(sys, Libc.MNT_DETACH);
            if (Libc.mount(sysfs, sys, sysfs, 0, null) != 0)
            {
                return $"mounting sysfs on /sys failed " +
                    $"({Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())})";
            }
        }
        return null;
    }

    private static byte[] Z(string s) => Encoding.UTF8.GetBytes(s + "\0");

    private static byte** CArray(IReadOnlyList<string> items, List<nint> allocations)
    {
        var array = (byte**)NativeMemory.AllocZeroed((nuint)(items.Count + 1), (nuint)sizeof(byte*));
        allocations.Add((nint)array);
        for (int i = 0; i < items.Count; i++)
        {
            var bytes = Z(items[i]);
            var p = (byte*)NativeMemory.Alloc((nuint)bytes.Length);
            allocations.Add((nint)p);
            bytes.CopyTo(new Span<byte>(p, bytes.Length));
            array[i] = p;
        }
        return array;
    }
}
