using Vigil.Core.Primitives;

namespace Vigil.Core.Routing;

/// <summary>The settings of one VRRP instance that the state machine needs, already resolved (defaults applied).
/// The machine takes its effective priority and fault state as separate inputs, because trackers move them.</summary>
public sealed record InstanceParameters
{
    public VrId Vrid { get; init; }
    public int Version { get; init; } = 2;

    /// <summary>Configured advert interval (v2: whole seconds; v3: whole centiseconds, as the wire carries).</summary>
    public TimeSpan AdvertInterval { get; init; } = TimeSpan.FromSeconds(1);
    public Priority BasePriority { get; init; } = new(100);

    /// <summary><c>state MASTER</c>; only an address owner acts on it (it becomes MASTER at once).</summary>
    public bool WantMaster { get; init; }
    public bool Preempt { get; init; } = true;
    public TimeSpan PreemptDelay { get; init; }

    /// <summary>The 3 in Master_Down_Interval (<c>vrrp_down_timer_adverts</c>).</summary>
    public int DownTimerAdverts { get; init; } = 3;

    /// <summary>Vigil's fast handover on demotion (<c>vrrp_fast_handover</c>).</summary>
    public bool FastHandover { get; init; } = true;
    public bool LowerPrioNoAdvert { get; init; }

    /// <summary><c>timer_expired_backup</c> (keepalived 2.4, only with nopreempt): the highest priority of the other
    /// routers. A MASTER whose advert timer fires after that router's Master_Down_Interval since its last advert
    /// reverts to BACKUP instead of sending, since the other may have become MASTER meanwhile.</summary>
    public Priority? TimerExpiredBackup { get; init; }
    public bool HigherPrioSendAdvert { get; init; }
    public int GarpMasterRepeat { get; init; } = 5;
    public TimeSpan GarpMasterDelay { get; init; } = TimeSpan.FromSeconds(5);
    public TimeSpan GarpMasterRefresh { get; init; }
    public int GarpMasterRefreshRepeat { get; init; } = 1;
    public int GarpLowerPrioRepeat { get; init; } = 5;
    public TimeSpan GarpLowerPrioDelay { get; init; } = TimeSpan.FromSeconds(5);

    public bool IsAddressOwner => BasePriority.IsOwner;
}
