using Vigil.Core.Primitives;

namespace Vigil.Engine;

/// <summary>
/// What must hold whenever an instance enters a state, checked at the one place state is written (the machine's
/// <c>Transition</c>, which reports to <see cref="InstanceRuntime.StateChanged"/>), in production too: the VIPs are
/// installed if and only if the instance is MASTER; BACKUP and MASTER have their timer armed (master-down or
/// advert); the effective priority is within 1..255. A broken one is a bug: it is logged and counted
/// (<see cref="VrrpEngine.InvariantViolations"/>, the metric <c>vigil_invariant_violations_total</c>), never thrown.
/// </summary>
public static class TransitionInvariants
{
    /// <summary>What is broken on entering <paramref name="state"/>, or null when everything holds (no
    /// allocation).</summary>
    public static string? Broken(
        VrrpState state,
        bool addressesInstalled,
        MonotonicTime timerDeadline,
        int effectivePriority)
    {
        string? broken = null;
        if ((state == VrrpState.Master) != addressesInstalled)
        {
            broken = addressesInstalled ? "VIPs installed outside MASTER" : "MASTER without its VIPs installed";
        }

        if (state is VrrpState.Backup or VrrpState.Master && timerDeadline.IsNever)
        {
            broken = Join(broken, "no timer armed");
        }

        if (effectivePriority is < 1 or > 255)
        {
            broken = Join(broken, $"priority {effectivePriority} outside 1..255");
        }

        return broken;
    }

    private static string Join(string? first, string next) => first is null ? next : $"{first}; {next}";
}
