using Microsoft.Extensions.Logging;
using Vigil.Config.Model;
using Vigil.Engine;
using Vigil.Linux.Namespaces;
using Vigil.Linux.Processes;
using Vigil.Logging;

namespace Vigil.Daemon;

/// <summary>
/// The first half of a start with <c>net_namespace NAME</c> (docs/namespaces.md): the process started where it was
/// started, so it opens what only works there (the process event connector, when the configuration tracks
/// processes, as keepalived does), enters the namespace and executes itself again. The new image, marked, loads
/// the configuration again inside and runs.
/// </summary>
internal static class NamespaceStart
{
    /// <summary>Returns only when the move failed: the exit code (1, the environment refuses, as a pid file that
    /// cannot be written).</summary>
    public static int Move(VigilConfig model, string name, ILogger logger)
    {
        var extra = new Dictionary<string, string>(StringComparer.Ordinal);
        if (File.Exists(NetNamespaceEntry.PathOf(name)) && VrrpEngine.ProcessPatterns(model).Count > 0)
        {
            var (descriptor, detail) = ProcConnectorHandover.OpenForExec();
            if (descriptor is not null)
                extra[ProcConnectorHandover.Variable] = descriptor;
            else
                logger.ConnectorNotHandedOver(name, detail);
        }
        logger.NetNamespaceEntering(name, NetNamespaceEntry.PathOf(name));
        logger.NetNamespaceFailed(name, NetNamespaceEntry.Reexecute(name, extra));
        return 1;
    }

    /// <summary>The second half, in the new image: takes the marker and the connector. Returns the namespace this
    /// process was moved into, or null when it was not.</summary>
    public static string? Arrived(ILogger logger)
    {
        var name = NetNamespaceEntry.TakeMarker();
        if (ProcConnectorHandover.Adopt() is { } refused)
            logger.ConnectorHandoverRefused(refused);
        return name;
    }
}
