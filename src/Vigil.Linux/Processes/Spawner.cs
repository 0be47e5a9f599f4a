using System.Collections;
using System.Runtime.InteropServices;
using System.Text;
using Vigil.Linux.Native;

namespace Vigil.Linux.Processes;

/// <summary>
/// Starts a child, normally through vigil_spawn (Native/spawn/vigil_spawn.c): one clone and one execve that put the
/// child in its own process group (needed to kill a script's whole tree at its timeout), reset every signal to its
/// default (.NET ignores SIGPIPE and the child would inherit that), clear the mask, change the user and group when
/// asked, set PR_SET_PDEATHSIG to SIGTERM (as keepalived does, so a script gets SIGTERM when the daemon dies, even
/// by SIGKILL), put stdio on /dev/null and close every other descriptor, so no daemon descriptor leaks even if
/// one lacked close-on-exec. Exec failures (ENOENT, EACCES) come back as the return value, so "could not start"
/// is exact. The death signal fires when the spawning THREAD exits, hence <see cref="ChildSupervisor"/>'s
/// never-ending thread.
/// Where the library was not built (no C compiler), posix_spawn does the same with its attributes, except the
/// death signal and the id change, which go through setpriv(1): it sets them and execs the script in the same pid,
/// so the process group and the kill logic are unchanged, at the price of a second exec per run. Without setpriv
/// either, scripts run with no death signal and a user or group cannot be applied.
/// </summary>
internal static unsafe class Spawner
{
    private const string SetPriv = "/usr/bin/setpriv";
    private const int DeathSignal = Libc.SIGTERM;
    private static readonly string[] DroppedVariables = ["IFS", "LD_PRELOAD", "LD_LIBRARY_PATH"];
    private static readonly bool s_haveSetPriv = File.Exists(SetPriv) && ExecutablePath.IsExecutable(SetPriv);
    private static bool s_noLibrary;
    private static readonly Func<string?> s_path = () => Environment.GetEnvironmentVariable("PATH");

    /// <summary>The daemon never changes its environment, so the cleaned copy is built once, in native memory
    /// that lives as long as the process: no per-run allocation for it (each one would copy every variable).</summary>
    private static nint s_environment;

    /// <summary>Takes a new copy of the environment for the children started from now on. The daemon never needs
    /// it; a test that sets variables does. The old copy is left allocated: a spawn may be reading it.</summary>
    internal static void RefreshEnvironment() =>
        Volatile.Write(ref s_environment, (nint)ToCArray(CleanEnvironment(), null));

    private static byte** Environ()
    {
        if (Volatile.Read(ref s_environment) == 0)
            Interlocked.CompareExchange(ref s_environment, (nint)ToCArray(CleanEnvironment(), null), 0);
        return (byte**)Volatile.Read(ref s_environment);
    }

    /// <summary>True when scripts start through vigil_spawn rather than posix_spawn + setpriv.</summary>
    internal static bool UsesNativeSpawn => !s_noLibrary && !UseFallback;

    /// <summary>Sends every start through posix_spawn + setpriv, as on a machine without the library (tests
    /// prove the two paths behave the same).</summary>
    internal static volatile bool UseFallback;

    /// <summary>Returns the pid, or a reason it could not start.</summary>
    public static (int Pid, string? Error) Spawn(ScriptLaunch command)
    {
        if (command.Argv.Count == 0 || string.IsNullOrEmpty(command.Argv[0]))
            return (0, "empty command");
        var path = ExecutablePath.Resolve(command.Argv[0], s_path);
        if (path is null)
            return (0, $"{command.Argv[0]}: not found");
        bool direct = ExecutablePath.IsDirectlyExecutable(path);
        // Behind the setpriv wrapper, a refused exec would be an exit status instead of a start failure: check first.
        if (direct && !ExecutablePath.IsExecutable(path))
            return (0, $"{path}: {Marshal.GetPInvokeErrorMessage(13 /* EACCES */)}");
        int uid = -1, gid = -1;
        if (command.User is not null || command.Group is not null)
        {
            var ids = command.User is null ? ((int, int)?)(0, 0) : UserDatabase.LookupUser(command.User);
            if (ids is not { } u)
                return (0, $"unknown user {command.User}");
            (uid, gid) = u;
            if (command.Group is not null)
            {
                if (UserDatabase.LookupGroup(command.Group) is not { } g)
                    return (0, $"unknown group {command.Group}");
                gid = g;
            }
        }
        // Script security at run time: the load-time verdict is not enough, the file may have changed since.
        bool asRoot = uid == 0 || gid == 0 || (uid < 0 && Libc.geteuid() == 0);
        if (command.RequireSecure && asRoot && ScriptFileGuard.WhyUnsafe(path) is { } unsafePermissions)
            return (0, $"{path}: unsafe permissions ({unsafePermissions}); not run as root (enable_script_security)");
        // keepalived falls back to the shell for a file with no "#!"
        string? shell = direct ? null : "/bin/sh";
        if (!s_noLibrary && !UseFallback)
        {
            try
            {
                return SpawnNative(shell, path, command.Argv, uid, gid);
            }
            catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
            {
                s_noLibrary = true;
            }
        }
        var argv = new List<string>(command.Argv.Count + 1);
        if (shell is not null)
            argv.Add(shell);
        argv.Add(path);
        for (int i = 1; i < command.Argv.Count; i++)
            argv.Add(command.Argv[i]);
        return SpawnThroughSetPriv(argv, uid, gid);
    }

    /// <summary>argv is built straight into native memory and freed after the spawn: the common path allocates
    /// nothing on the managed heap (a run every few milliseconds at 200 scripts a second).</summary>
    private static (int Pid, string? Error) SpawnNative(
        string? shell, string path, IReadOnlyList<string> given, int uid, int gid)
    {
        int count = (shell is null ? 0 : 1) + given.Count;
        byte** argv = (byte**)NativeMemory.AllocZeroed((nuint)((count + 1) * sizeof(nint)));
        try
        {
            int k = 0;
            if (shell is not null)
                argv[k++] = ToCString(shell, null);
            argv[k++] = ToCString(path, null);
            for (int i = 1; i < given.Count; i++)
                argv[k++] = ToCString(given[i], null);
            int rc = VigilSpawn.Spawn(argv[0], argv, Environ(), uid, gid, DeathSignal);
            return rc > 0 ? (rc, null) : (0, $"{shell ?? path}: {Marshal.GetPInvokeErrorMessage(-rc)}");
        }
        finally
        {
            for (int i = 0; i < count; i++)
                NativeMemory.Free(argv[i]); // null (never filled) is allowed
            NativeMemory.Free(argv);
        }
    }

    private static (int Pid, string? Error) SpawnThroughSetPriv(List<string> argv, int uid, int gid)
    {
        var wrapped = new List<string>();
        if (s_haveSetPriv)
            wrapped.Add(SetPriv);
        if (uid >= 0 || gid >= 0)
        {
            if (!s_haveSetPriv)
                return (0, $"{SetPriv} not found: cannot run as another user");
            wrapped.AddRange([$"--reuid={uid}", $"--regid={gid}", "--clear-groups"]);
        }
        if (s_haveSetPriv)
            wrapped.AddRange(["--pdeathsig", "TERM", "--"]);
        wrapped.AddRange(argv);
        return SpawnArgv(wrapped);
    }

    private static List<string> CleanEnvironment()
    {
        var env = new List<string>();
        foreach (DictionaryEntry e in Environment.GetEnvironmentVariables())
        {
            var key = (string)e.Key;
            if (!DroppedVariables.Contains(key))
                env.Add($"{key}={e.Value}");
        }
        return env;
    }

    private static (int Pid, string? Error) SpawnArgv(List<string> argv)
    {
        var allocations = new List<nint>();
        byte* attr = (byte*)NativeMemory.AllocZeroed(Libc.SpawnObjectSize);
        byte* actions = (byte*)NativeMemory.AllocZeroed(Libc.SpawnObjectSize);
        byte* sigs = (byte*)NativeMemory.AllocZeroed(Libc.SigSetSize);
        try
        {
            byte** argvPtr = ToCArray(argv, allocations);
            byte** envPtr = Environ();
            byte* devNull = ToCString("/dev/null", allocations);
            byte* program = argvPtr[0];

            Libc.posix_spawnattr_init(attr);
            Libc.posix_spawn_file_actions_init(actions);
            Libc.posix_spawnattr_setflags(attr,
                (short)(Libc.POSIX_SPAWN_SETPGROUP | Libc.POSIX_SPAWN_SETSIGDEF | Libc.POSIX_SPAWN_SETSIGMASK));
            Libc.posix_spawnattr_setpgroup(attr, 0);
            Libc.sigfillset(sigs);
            Libc.posix_spawnattr_setsigdefault(attr, sigs);
            Libc.sigemptyset(sigs);
            Libc.posix_spawnattr_setsigmask(attr, sigs);
            Libc.posix_spawn_file_actions_addopen(actions, 0, devNull, Libc.O_RDONLY, 0);
            Libc.posix_spawn_file_actions_addopen(actions, 1, devNull, Libc.O_WRONLY, 0);
            Libc.posix_spawn_file_actions_addopen(actions, 2, devNull, Libc.O_WRONLY, 0);
            Libc.posix_spawn_file_actions_addclosefrom_np(actions, 3);

            int pid;
            int rc = Libc.posix_spawn(&pid, program, actions, attr, argvPtr, envPtr);
            Libc.posix_spawn_file_actions_destroy(actions);
            Libc.posix_spawnattr_destroy(attr);
            return rc == 0 ? (pid, null) : (0, $"{argv[0]}: {Marshal.GetPInvokeErrorMessage(rc)}");
        }
        finally
        {
            foreach (var p in allocations)
                NativeMemory.Free((void*)p);
            NativeMemory.Free(attr);
            NativeMemory.Free(actions);
            NativeMemory.Free(sigs);
        }
    }

    /// <summary>A NUL-terminated UTF-8 copy; recorded in <paramref name="allocations"/> to be freed, unless
    /// null.</summary>
    private static byte* ToCString(string s, List<nint>? allocations)
    {
        int n = Encoding.UTF8.GetByteCount(s);
        byte* p = (byte*)NativeMemory.Alloc((nuint)n + 1);
        allocations?.Add((nint)p);
        Encoding.UTF8.GetBytes(s, new Span<byte>(p, n));
        p[n] = 0;
        return p;
    }

    private static byte** ToCArray(List<string> items, List<nint>? allocations)
    {
        byte** array = (byte**)NativeMemory.AllocZeroed((nuint)((items.Count + 1) * sizeof(nint)));
        allocations?.Add((nint)array);
        for (int i = 0; i < items.Count; i++)
            array[i] = ToCString(items[i], allocations);
        return array;
    }
}
