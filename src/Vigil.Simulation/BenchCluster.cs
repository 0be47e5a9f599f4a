namespace Vigil.Simulation;

/// <summary>The benchmark cluster: <paramref name="hosts"/> hosts sharing <paramref name="instances"/> v2 instances
/// (advert_int 1 s), each instance mastered by a different host in turn, a tracked script per host, no
/// faults.</summary>
public static class BenchCluster
{
    public static Simulation Build(int hosts = 3, int instances = 50, ulong seed = 1)
    {
        var sim = new Simulation(
            seed,
            new SimulationOptions { KeepLogs = false, KeepTrace = false, CheckInvariants = false });
        for (var h = 0; h < hosts; h++)
        {
            var list = Enumerable.Range(0, instances)
                .Select(i => Configs.Instance(
                    $"VI_{i + 1}",
                    i + 1,
                    100 + (((i + h) % hosts) * 10),
                    $"198.51.100.{i + 1}/24") with
                {
                    TrackScripts = [Configs.Track("chk", -20)],
                })
                .ToArray();
            sim.AddHost($"h{h}", Configs.Cluster(list).WithScripts(Configs.Script("chk", -20, intervalMs: 2000)));
        }

        sim.Start();
        return sim;
    }
}
