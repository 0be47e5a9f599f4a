using Vigil.Config;
using Vigil.Config.Model;

namespace Vigil.Simulation.Tests;

/// <summary>Scenarios that start from keepalived.conf text: parsed by the real front end from memory, as one host
/// (its config-id selects the `@ID` lines) would read it; a file that cannot run fails the test with its
/// diagnostics.</summary>
internal static class ConfigText
{
    public static VigilConfig Parse(string text, string? configId = null)
    {
        var result = ConfigLoader.Load("/etc/keepalived/keepalived.conf",
            new InMemoryConfigSource().Add("/etc/keepalived/keepalived.conf", text),
            configId is null ? new ConfigOptions() : new ConfigOptions { ConfigId = configId });
        Assert.True(result.CanRun, string.Join("\n", result.Diagnostics));
        return result.Model!;
    }
}
