namespace Vigil.Daemon;

/// <summary>Where a daemon keeps its pid file and control socket. One daemon per network namespace, as keepalived:
/// with net_namespace NAME both live in /run/vigil/NAME/, so daemons of different namespaces never meet, and the
/// commands find a daemon's socket from the configuration file that names the namespace.</summary>
public static class RunFiles
{
    public const string Root = "/run/vigil";

    /// <summary>The directory of a namespace's run files (removed at stop when empty); null without a
    /// namespace.</summary>
    public static string? Directory(string? netNamespace) => netNamespace is null ? null : $"{Root}/{netNamespace}";

    public static string PidFile(string? netNamespace) =>
        netNamespace is null ? "/run/vigil.pid" : $"{Root}/{netNamespace}/vigil.pid";

    public static string ControlSocket(string? netNamespace) => $"{Directory(netNamespace) ?? Root}/control.sock";

    /// <summary>At stop: removes the namespace's directory when nothing else is left in it (keepalived removes its
    /// /run/keepalived/NAME too).</summary>
    public static void RemoveDirectory(string? netNamespace)
    {
        if (Directory(netNamespace) is not { } dir)
            return;
        try
        {
            System.IO.Directory.Delete(dir, recursive: false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Not empty (a path given with -p or --control, another file), or already gone.
        }
    }
}
