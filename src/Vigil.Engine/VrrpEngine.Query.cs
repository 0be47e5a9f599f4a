using Vigil.Core.Primitives;

namespace Vigil.Engine;

public sealed partial class VrrpEngine
{
    /// <summary>Raised when an instance's effective priority moves (after the log line); cheap hook for
    /// observers.</summary>
    public event Action<string, int, int, MonotonicTime>? EffectivePriorityChanged;

    /// <summary>A cheap, allocation-free look at one instance (for hot observers such as metrics or
    /// checkers).</summary>
    public bool TryGetInstanceState(string name, out VrrpState state, out int effectivePriority)
    {
        if (_instancesByName.TryGetValue(name, out var runtime))
        {
            state = runtime.Machine.State;
            effectivePriority = runtime.Machine.State == VrrpState.Init
                ? runtime.Tracking.EffectivePriority.Value
                : runtime.Machine.EffectivePriority.Value;
            return true;
        }

        state = VrrpState.Init;
        effectivePriority = 0;
        return false;
    }

    /// <summary>Names of the configured instances, in configuration order.</summary>
    public IEnumerable<string> InstanceNames => _instances.Select(i => i.Name);

    private void RaisePriorityChanged(string name, int from, int to, MonotonicTime now) =>
        EffectivePriorityChanged?.Invoke(name, from, to, now);
}
