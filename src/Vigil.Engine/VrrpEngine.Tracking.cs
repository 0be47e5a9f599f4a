using Vigil.Core.Primitives;
using Vigil.Core.Tracking;
using Vigil.Engine.Effects;
using Vigil.Engine.Logging;

namespace Vigil.Engine;

public sealed partial class VrrpEngine
{
    /// <summary>An interface went up or down (up = IFF_UP and IFF_RUNNING).</summary>
    public void OnLinkChanged(string interfaceName, bool up, MonotonicTime now)
    {
        Touch();
        bool wasDown = _links.TryGetValue(interfaceName, out var before) && !before;
        _links[interfaceName] = up;
        if (IsStopped)
        {
            return;
        }

        if (up && wasDown)
        {
            RestoreStaticRoutesOn(interfaceName);
        }

        var update = _tracking.ReportLink(interfaceName, up);
        if (update.Instances.Count > 0)
        {
            Logs.Tracking.LinkReported(interfaceName, up ? "up" : "down");
        }

        ApplyTracking(update, now);
    }

    /// <summary>A track_file's value changed; null means the file is missing or unreadable (read as 0).</summary>
    public void OnFileValueChanged(string trackFile, long? value, MonotonicTime now)
    {
        Touch();
        var v = (int)Math.Clamp(value ?? 0, int.MinValue, int.MaxValue);
        _fileValues[trackFile] = v;
        if (!IsStopped)
        {
            ApplyTracking(_tracking.ReportFileValue(trackFile, v), now);
        }
    }

    /// <summary>The kernel's answer to an address effect; failures are logged.</summary>
    public void OnAddressResult(in Events.AddressResult result, MonotonicTime now)
    {
        if (!result.Ok)
        {
            AddressFailures++;
            var instance = result.Instance ?? string.Empty;
            var address = result.Address.ToString();
            var error = result.Error ?? string.Empty;
            if (result.Operation == Events.AddressOperation.Add)
            {
                Logs.Vrrp.AddressAddFailed(instance, address, result.Address.Interface, error);
            }
            else
            {
                Logs.Vrrp.AddressRemoveFailed(instance, address, result.Address.Interface, error);
            }
        }
    }

    public long AddressFailures { get; private set; }

    /// <summary>Transitions that broke a <see cref="TransitionInvariants"/> rule (a bug; logged as it
    /// happens).</summary>
    public long InvariantViolations { get; private set; }

    internal void OnInvariantBroken(InstanceRuntime instance, VrrpState state, string broken)
    {
        InvariantViolations++;
        Logs.Vrrp.InvariantBroken(instance.Name, StateName(state), broken);
    }

    /// <summary>Carries a tracker event into the state machines: priority first, then fault (sync-group
    /// wide).</summary>
    private void ApplyTracking(TrackingUpdate update, MonotonicTime now)
    {
        if (update.Instances.Count == 0)
        {
            return;
        }

        foreach (var change in update.Instances)
        {
            if (!_instancesByName.TryGetValue(change.Instance.Name, out var runtime)
                || runtime.Tracking != change.Instance)
            {
                continue;
            }

            if (change.EffectivePriorityChanged)
            {
                Logs.Tracking.EffectivePriorityChanged(runtime.Name, change.OldEffective.Value,
                    change.NewEffective.Value);
                runtime.Machine.SetEffectivePriority(now, change.NewEffective);
                RaisePriorityChanged(runtime.Name, change.OldEffective.Value, change.NewEffective.Value, now);
                if (runtime.Config.NotifyPriorityChanges || Globals.NotifyPriorityChanges)
                {
                    NotifyEvent(runtime, runtime.State == VrrpState.Master ? "MASTER_PRIORITY" : "BACKUP_PRIORITY",
                        change.NewEffective.Value, null);
                }
            }
        }

        foreach (var change in update.Instances)
        {
            if (!change.FaultsChanged || !_instancesByName.TryGetValue(change.Instance.Name, out var runtime))
            {
                continue;
            }

            if (runtime.Group is { } group)
            {
                foreach (var member in group.Members)
                {
                    member.SilentFault = member.Tracking.IsSilentFault
                        && !group.Members.Exists(m => m.Tracking.IsFaulted && !m.Tracking.IsSilentFault);
                    member.Machine.SetFault(now, group.AnyMemberFaulted);
                }
            }
            else
            {
                runtime.SilentFault = runtime.Tracking.IsSilentFault;
                runtime.Machine.SetFault(now, runtime.Tracking.IsFaulted);
            }
        }
    }
}
