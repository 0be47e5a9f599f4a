using System.Collections;
using System.Runtime.InteropServices;
using System.Text;
using Vigil.Linux.Native;

namespace Vigil.Linux.Processes;

/// <summary>
/// Starts a child with posix_spawn rather than System.Diagnostics.Process, because Process can neither put
/// the child in its own process group (needed to kill a script's whole tree at its timeout) nor reset the
/// signal dispositions .NET changes (SIGPIPE is ignored in the runtime and would be inherited). posix_spawn
/// does all of it atomically in the child, before exec, with no managed code running after fork:
/// POSIX_SPAWN_SETPGROUP (own group), SETSIGDEF (every signal to default), SETSIGMASK (nothing blocked),
/// stdin/stdout/stderr on /dev/null, and closefrom(3) so no daemon descriptor leaks even if one lacked
/// close-on-exec. glibc reports exec failures (ENOENT, EACCES) as the return value, so "could not start" is
/// exact. A different user goes through setpriv(1), which changes ids and execs the script in the same pid,
/// so the process group and the kill logic are unchanged.
/// Every child also goes through setpriv for <c>--pdeathsig TERM</c> (PR_SET_PDEATHSIG, as keepalived sets for its
/// scripts), so a script gets SIGTERM when the daemon dies, even by SIGKILL. posix_spawn has no attribute for it
/// and no managed code may run between fork and exec, so a wrapper that sets it and then execs (never forks) is
/// the one safe way: the pid, process group and exit status stay the script's. setpriv sets it after changing
/// ids (a credential change clears it otherwise). The signal fires when the spawning THREAD exits, hence
/// <see cref="ChildSupervisor"/>'s never-ending thread. (A daemon killed in the instant between the spawn and
/// setpriv's prctl leaves that one run unsignalled; the window is a few hundred microseconds.) Without setpriv, scripts run directly (no death signal)
/// and a user or group cannot be applied.
/// </summary>
internal static unsafe class Spawner
{
    private const string SetPriv = "/usr/bin/setpriv";
    private static readonly string[] DroppedVariables = ["IFS", "LD_PRELOAD", "LD_LIBRARY_PATH"];
    private static readonly bool s_haveSetPriv = File.Exists(SetPriv) && ExecutablePath.IsExecutable(SetPriv);

    /// <summary>Returns the pid, or a reason it could not start.</summary>
    public static (int Pid, string? Error) Spawn(ScriptCommand command)
    {
        if (command.Argv.Count == 0 || string.IsNullOrEmpty(command.Argv[0]))
            return (0, "empty command");
        var path = ExecutablePath.Resolve(command.Argv[0], Environment.GetEnvironmentVariable("PATH"));
        if (path is null)
            return (0, $"{command.Argv[0]}: not found");
        bool direct = ExecutablePath.IsDirectlyExecutable(path);
        // Behind the wrapper, a refused exec would be an exit status instead of a start failure: check first.
        if (direct && !ExecutablePath.IsExecutable(path))
            return (0, $"{path}: {Marshal.GetPInvokeErrorMessage(13 /* EACCES */)}");
        var argv = new List<string>();
        if (s_haveSetPriv)
            argv.Add(SetPriv);
        if (command.User is not null || command.Group is not null)
        {
            if (!s_haveSetPriv)
                return (0, $"{SetPriv} not found: cannot run as another user");
            var ids = command.User is null ? ((int, int)?)(0, 0) : UserDatabase.LookupUser(command.User);
            if (ids is not { } u)
                return (0, $"unknown user {command.User}");
            int gid = u.Item2;
            if (command.Group is not null)
            {
                if (UserDatabase.LookupGroup(command.Group) is not { } g)
                    return (0, $"unknown group {command.Group}");
                gid = g;
            }
            argv.AddRange([$"--reuid={u.Item1}", $"--regid={gid}", "--clear-groups"]);
        }
        if (s_haveSetPriv)
            argv.AddRange(["--pdeathsig", "TERM", "--"]);
        if (!direct)
            argv.Add("/bin/sh"); // keepalived falls back to the shell for a file with no "#!"
        argv.Add(path);
        argv.AddRange(command.Argv.Skip(1));
        return SpawnArgv(argv, CleanEnvironment());
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

    private static (int Pid, string? Error) SpawnArgv(List<string> argv, List<string> env)
    {
        var allocations = new List<nint>();
        byte* attr = (byte*)NativeMemory.AllocZeroed(Libc.SpawnObjectSize);
        byte* actions = (byte*)NativeMemory.AllocZeroed(Libc.SpawnObjectSize);
        byte* sigs = (byte*)NativeMemory.AllocZeroed(Libc.SigSetSize);
        try
        {
            byte** argvPtr = ToCArray(argv, allocations);
            byte** envPtr = ToCArray(env, allocations);
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

    private static byte* ToCString(string s, List<nint> allocations)
    {
        int n = Encoding.UTF8.GetByteCount(s);
        byte* p = (byte*)NativeMemory.Alloc((nuint)n + 1);
        allocations.Add((nint)p);
        Encoding.UTF8.GetBytes(s, new Span<byte>(p, n));
        p[n] = 0;
        return p;
    }

    private static byte** ToCArray(List<string> items, List<nint> allocations)
    {
        byte** array = (byte**)NativeMemory.AllocZeroed((nuint)((items.Count + 1) * sizeof(nint)));
        allocations.Add((nint)array);
        for (int i = 0; i < items.Count; i++)
            array[i] = ToCString(items[i], allocations);
        return array;
    }
}
