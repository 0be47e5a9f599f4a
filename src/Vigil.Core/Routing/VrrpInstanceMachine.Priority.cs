using Vigil.Core.Primitives;

namespace Vigil.Core.Routing;

/// <summary>The effective priority as trackers move it (base + weights, clamped by the tracking model).</summary>
public sealed partial class VrrpInstanceMachine
{
    /// <summary>Trackers moved the effective priority. A BACKUP shifts its running master-down timer by the change
    /// in Skew_Time; a MASTER carries it in its next advert, or at once with fast handover when it dropped.</summary>
    public void SetEffectivePriority(MonotonicTime now, Priority priority)
    {
        if (Parameters.IsAddressOwner || priority == EffectivePriority)
        {
            return;
        }

        var old = EffectivePriority;
        var oldDown = MasterDownIntervalMicroseconds;
        EffectivePriority = priority;
        if (State == VrrpState.Backup && !TimerDeadline.IsNever)
        {
            TimerDeadline = TimerDeadline.AddMicroseconds(MasterDownIntervalMicroseconds - oldDown);
        }
        else if (State == VrrpState.Master)
        {
            MasterPriority = priority;
            if (Parameters.FastHandover && priority < old)
            {
                SendAdvertNow(now);
            }
        }
    }
}
