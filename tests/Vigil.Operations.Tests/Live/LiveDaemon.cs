using System.Text.Json;
using Vigil.Lab;
using Vigil.Operations.Control;

namespace Vigil.Operations.Tests.Live;

/// <summary>Helpers for tests that run the real `vigil run` in a private network namespace.</summary>
internal static class LiveDaemon
{
    public static string[] VigilCommand => ["dotnet", Path.Combine(AppContext.BaseDirectory, "vigil.dll")];

    public static void RequireRoot() =>
        Assert.SkipUnless(
            Environment.UserName == "root",
            "needs root: builds network namespaces and runs the daemon (CI runs as root)");

    public static string Config(string directory) => $$"""
        global_defs {
            router_id live-{{Guid.NewGuid():N}}
            enable_script_security
            script_user root
            state_dump_file {{directory}}/keepalived.data
            stats_dump_file {{directory}}/keepalived.stats
        }
        vrrp_script chk_ok {
            script "/usr/bin/true"
            interval 1
            weight -20
        }
        vrrp_instance VI_1 {
            state BACKUP
            interface eth0
            virtual_router_id 51
            version 3
            priority 100
            advert_int 0.2
            virtual_ipaddress {
                198.51.100.1/24
            }
            track_script {
                chk_ok
            }
        }
        """;

    public static async Task<JsonDocument> StatusAsync(LabNode node) =>
        JsonDocument.Parse(
            await ControlClient.SendAsync(
                node.ControlPath,
                new ControlRequest(ControlCommand.Status),
                TimeSpan.FromSeconds(5),
                TestContext.Current.CancellationToken));

    /// <summary>Polls the daemon until its first instance is in <paramref name="state"/>.</summary>
    public static async Task WaitStateAsync(LabNode node, string state, TimeSpan limit)
    {
        var end = DateTime.UtcNow + limit;
        string? last = null;
        while (DateTime.UtcNow < end)
        {
            try
            {
                using var doc = await StatusAsync(node);
                last = doc.RootElement.GetProperty("instances")[0].GetProperty("state").GetString();
                if (last == state)
                    return;
            }
            catch (ControlUnavailableException)
            {
                last = "no answer";
            }
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
        Assert.Fail(
            $"{node.Name} did not reach {state} within {limit.TotalSeconds} s (last: {last}). Log:\n{node.Log()}");
    }
}
