using Vigil.Config;
using Vigil.Config.Model;

namespace Vigil.Daemon;

/// <summary>
/// Whether a reloaded configuration may replace the running one. It must be runnable (what <c>vigil check</c>
/// rates runnable), and it must not lose, to errors, an instance or a VIP the daemon is running: a typo in a VIP
/// or an unreadable include would otherwise remove the address while the instance stays MASTER, or remove every
/// instance so the peer takes over. Removing an instance or a VIP on purpose, in a file without errors, is applied.
/// </summary>
public static class ReloadPolicy
{
    /// <returns>Null to apply <paramref name="next"/>; otherwise why the running configuration is kept.</returns>
    public static string? Refusal(VigilConfig running, ConfigResult next)
    {
        ArgumentNullException.ThrowIfNull(running);
        ArgumentNullException.ThrowIfNull(next);
        if (!next.CanRun || next.Model is not { } model)
            return $"the configuration cannot run (exit code {next.ExitCode} from the check)";
        if (running.Global.NetNamespace != model.Global.NetNamespace)
        {
            // keepalived refuses the whole reload with this line and keeps running; the process cannot leave its
            // namespace (docs/namespaces.md).
            return $"Cannot change network namespace at a reload - please restart vigil (running " +
                $"in {Describe(running.Global.NetNamespace)}, the file now " +
                $"names {Describe(model.Global.NetNamespace)})";
        }
        var errors = next.Diagnostics.Count(
            d => d.Class is DiagnosticClass.Error or DiagnosticClass.Fatal or DiagnosticClass.BadInterface);
        if (errors == 0)
            return null;
        var lost = Lost(running, model);
        if (lost.Count == 0)
            return null;
        const int Shown = 5;
        return $"{errors} error(s) would remove {string.Join(", ", lost.Take(Shown))}"
            + $"{(lost.Count > Shown ? $" and {lost.Count - Shown} more" : string.Empty)}"
            + "; fix them (vigil check) or remove these on purpose in a file without errors";
    }

    private static string Describe(string? netNamespace) =>
        netNamespace is null ? "no net_namespace" : $"net_namespace {netNamespace}";

    /// <summary>Every running instance, and every VIP of a running instance, that the new model no longer
    /// has.</summary>
    public static IReadOnlyList<string> Lost(VigilConfig running, VigilConfig next)
    {
        ArgumentNullException.ThrowIfNull(running);
        ArgumentNullException.ThrowIfNull(next);
        var lost = new List<string>();
        var byName = next.Instances.ToDictionary(i => i.Name, StringComparer.Ordinal);
        foreach (var old in running.Instances)
        {
            if (!byName.TryGetValue(old.Name, out var now))
            {
                lost.Add($"instance {old.Name}");
                continue;
            }
            var kept = now.VirtualIpAddresses.Concat(now.VirtualIpAddressesExcluded).Select(v => v.Address).ToHashSet();
            foreach (var vip in old.VirtualIpAddresses.Concat(old.VirtualIpAddressesExcluded))
            {
                if (!kept.Contains(vip.Address))
                    lost.Add($"VIP {vip.Address} of {old.Name}");
            }
        }
        return lost;
    }
}
