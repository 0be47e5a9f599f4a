using Vigil.Core.Primitives;

namespace Vigil.Engine;

public sealed partial class VrrpEngine
{
    /// <summary>Every configured instance with a deadline, earliest first: a wake-up touches only the instances
    /// that are due. Scanning all of them twice per wake-up cost more than the adverts it sent at 4,000
    /// instances.</summary>
    private readonly DeadlineHeap<InstanceRuntime> _instanceTimers = new();
    private readonly List<InstanceRuntime> _dueInstances = [];

    /// <summary>Instances holding refused log lines not yet reported: checked on each wake-up until they are.</summary>
    private readonly List<InstanceRuntime> _suppressedLogs = [];

    /// <summary>How many instances the configuration holds.</summary>
    internal int InstanceCount => _instances.Count;

    /// <summary>The machine of <paramref name="instance"/> moved its next deadline.</summary>
    internal void InstanceDeadlineMoved(InstanceRuntime instance)
    {
        if (instance.Order >= 0)
        {
            _instanceTimers.Update(instance);
        }
    }

    internal void InstanceSuppressedLog(InstanceRuntime instance)
    {
        if (!_suppressedLogs.Contains(instance))
        {
            _suppressedLogs.Add(instance);
        }
    }

    /// <summary>After a load: the instances of the new configuration are scheduled in their configuration order,
    /// the removed ones no longer are.</summary>
    private void ScheduleInstances(List<InstanceRuntime> previous)
    {
        foreach (var old in previous)
        {
            old.Order = -1;
        }

        _instanceTimers.Clear();
        for (int i = 0; i < _instances.Count; i++)
        {
            _instances[i].Order = i;
            _instanceTimers.Update(_instances[i]);
        }
    }

    /// <summary>Runs the instance timers due at <paramref name="now"/> (a garp_extra_if round, then the machine's), in
    /// configuration order. An instance another one's step makes due (a sync group) runs on the next call, which the
    /// driver makes at once.</summary>
    private void RunInstanceTimers(MonotonicTime now)
    {
        _dueInstances.Clear();
        _instanceTimers.CollectDue(now, _dueInstances);
        if (_dueInstances.Count > 1)
        {
            _dueInstances.Sort(static (a, b) => a.Order.CompareTo(b.Order));
        }

        foreach (var instance in _dueInstances)
        {
            if (instance.Order < 0)
            {
                continue;
            }

            if (instance.ExtraIfDeadline <= now)
            {
                instance.AnnounceExtraInterfaces(now);
            }

            var machine = instance.Machine;
            if (machine.NextDeadline > now)
            {
                continue;
            }

            machine.OnTimer(now);
            if (machine.SyncMasterPending)
            {
                // The sync group's decision, taken here after the member's step: the others first, then it.
                instance.Group?.Group.FollowToMaster(machine, now);
                machine.CompleteSyncMaster(now);
            }
        }

        for (int i = _suppressedLogs.Count - 1; i >= 0; i--)
        {
            var instance = _suppressedLogs[i];
            instance.ReportSuppressedLog(now);
            if (!instance.HasSuppressedLog || instance.Order < 0)
            {
                _suppressedLogs.RemoveAt(i);
            }
        }
    }
}
