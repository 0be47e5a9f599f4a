using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Runtime.CompilerServices;

namespace Vigil.Daemon;

/// <summary>
/// Compiles the protocol path before it is first needed. A backup runs its "become MASTER" code for the first
/// time exactly when a failover happens; left to the JIT, that first run costs milliseconds of compilation
/// right where the RFC timers matter (measured by bench/failover). Compiling every non-generic method of the
/// core, engine and adapter assemblies at start-up moves that cost to before the first advert.
/// </summary>
public static class Warmup
{
    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "Best effort; missing members are skipped.")]
    [UnconditionalSuppressMessage("Trimming", "IL2070", Justification = "Best effort; missing members are skipped.")]
    [UnconditionalSuppressMessage("Trimming", "IL2075", Justification = "Best effort; missing members are skipped.")]
    public static TimeSpan CompileProtocolPath()
    {
        var started = Stopwatch.GetTimestamp();
        Assembly[] assemblies =
        [
            typeof(Core.Primitives.MonotonicTime).Assembly,
            typeof(Engine.VrrpEngine).Assembly,
            typeof(Linux.Sockets.VrrpSocket).Assembly,
            typeof(Warmup).Assembly,
        ];
        const BindingFlags all = BindingFlags.DeclaredOnly | BindingFlags.Public | BindingFlags.NonPublic
            | BindingFlags.Instance | BindingFlags.Static;
        foreach (var assembly in assemblies)
        {
            Type?[] types;
            try
            {
                types = assembly.GetTypes();
            }
            catch (ReflectionTypeLoadException e)
            {
                types = e.Types;
            }
            foreach (var type in types)
            {
                if (type is null || type.ContainsGenericParameters)
                    continue;
                foreach (var method in type.GetMethods(all).Cast<MethodBase>().Concat(type.GetConstructors(all)))
                {
                    if (method.IsAbstract || method.ContainsGenericParameters || method.GetMethodBody() is null)
                        continue;
                    try
                    {
                        RuntimeHelpers.PrepareMethod(method.MethodHandle);
                    }
                    catch (Exception e) when (e is ArgumentException or InvalidOperationException or NotSupportedException
                        or BadImageFormatException or TypeLoadException)
                    {
                    }
                }
            }
        }
        return Stopwatch.GetElapsedTime(started);
    }
}
