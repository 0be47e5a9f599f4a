using System.Runtime.InteropServices;

namespace Vigil.Linux.Native;

/// <summary>
/// The one function of Native/spawn/vigil_spawn.c: clone + PR_SET_PDEATHSIG + execve in one step. On the JIT it
/// is libvigilspawn.so beside the assemblies; the native build links it into the binary (DirectPInvoke).
/// </summary>
internal static unsafe partial class VigilSpawn
{
    /// <summary>Returns the child's pid, or -errno. uid and gid of -1 leave the ids unchanged.</summary>
    [LibraryImport("libvigilspawn", EntryPoint = "vigil_spawn")]
    public static partial int Spawn(byte* path, byte** argv, byte** envp, int uid, int gid, int pdeathsig);
}
