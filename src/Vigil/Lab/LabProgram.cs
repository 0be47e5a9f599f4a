using System.Globalization;
using System.Runtime.InteropServices;

namespace Vigil.Lab;

/// <summary>Parses `vigil lab`'s options, builds the cluster, runs the table or a scenario, and removes everything it
/// made on every way out (end, q, Ctrl-C, SIGTERM, an error).</summary>
public static class LabProgram
{
    public const string Usage = "usage: vigil lab [--nodes N] [--scenario failover|kill|check|link] [--duration " +
        "SECONDS] [--simulate]";

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        var nodes = 3;
        string? scenario = null;
        TimeSpan? duration = null;
        var simulate = false;
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : null;
            switch (args[i])
            {
                case "--nodes" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n)
                    && n is >= 2 and <= 9:
                    nodes = n;
                    i++;
                    break;
                case "--scenario" when value is not null && LabScenario.Names.Contains(value):
                    scenario = value;
                    i++;
                    break;
                case "--scenario":
                    stderr.WriteLine(value is null
                        ? $"vigil lab: --scenario needs a name: {string.Join(", ", LabScenario.Names)}"
                        : $"vigil lab: unknown scenario '{value}'; " +
                            $"the scenarios are {string.Join(", ", LabScenario.Names)}");
                    return 2;
                case "-h" or "--help":
                    stdout.WriteLine(Usage);
                    return 0;
                case "--duration" when double.TryParse(
                    value,
                    NumberStyles.Float,
                    CultureInfo.InvariantCulture,
                    out var s)
                    && s > 0:
                    duration = TimeSpan.FromSeconds(s);
                    i++;
                    break;
                case "--simulate":
                    simulate = true;
                    break;
                default:
                    stderr.WriteLine($"vigil lab: bad or incomplete option '{args[i]}'; {Usage}");
                    return 2;
            }
        }

        if (!simulate && !Shell.IsRoot)
        {
            stderr.WriteLine(
                "vigil lab: not root, so no network namespaces: running the same cluster in-memory instead");
            stderr.WriteLine("vigil lab: (run it with sudo to see real daemons, sockets and addresses)");
            simulate = true;
        }
        if (!simulate && Shell.Run("ip", "-V").Code != 0)
        {
            stderr.WriteLine("vigil lab: the `ip` command (iproute2) is needed to build the namespaces");
            return 4;
        }

        using var cancel = new CancellationTokenSource();
        ConsoleCancelEventHandler onCtrlC = (_, e) =>
        {
            e.Cancel = true; // leave through the finally below, which removes the namespaces
            cancel.Cancel();
        };
        Console.CancelKeyPress += onCtrlC;
        using var onTerm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c =>
        {
            c.Cancel = true;
            cancel.Cancel();
        });
        using var onHup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, c =>
        {
            c.Cancel = true;
            cancel.Cancel();
        });
        ILabCluster? cluster = null;
        try
        {
            if (simulate)
            {
                cluster = new InMemoryCluster(nodes);
            }
            else
            {
                stdout.WriteLine(
                    $"vigil lab: building {nodes} nodes in network namespaces (192.0.2.0/24, " +
                    $"address {LabConfig.VirtualAddress})...");
                cluster = new NamespaceCluster(nodes, NamespaceCluster.DefaultVigilCommand());
            }
            stdout.WriteLine(
                simulate
                    ? $"vigil lab: {cluster.Description}"
                    : $"vigil lab: {cluster.Description}; files in {cluster.WorkDirectory}");
            return scenario is not null
                ? LabScenario.RunAsync(cluster, scenario, duration ?? TimeSpan.FromSeconds(120), stdout, cancel.Token)
                    .GetAwaiter()
                    .GetResult()
                : LabRunner.RunInteractiveAsync(cluster, duration, stdout, cancel.Token).GetAwaiter().GetResult();
        }
        catch (InvalidOperationException e)
        {
            stderr.WriteLine($"vigil lab: {e.Message}");
            return 1;
        }
        finally
        {
            Console.CancelKeyPress -= onCtrlC;
            if (cluster is not null)
            {
                stdout.WriteLine(
                    simulate
                        ? "vigil lab: stopping the simulation..."
                        : "vigil lab: stopping the daemons and removing the namespaces...");
                cluster.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }
        }
    }
}
