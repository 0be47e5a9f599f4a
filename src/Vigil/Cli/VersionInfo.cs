using System.Reflection;

namespace Vigil.Cli;

public static class VersionInfo
{
    public static string Version { get; } =
        typeof(VersionInfo).Assembly
            .GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? "0.0.0";
}
