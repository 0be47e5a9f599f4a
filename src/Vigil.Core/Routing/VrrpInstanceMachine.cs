using Vigil.Core.Primitives;

namespace Vigil.Core.Routing;

/// <summary>
/// The RFC 5798 state machine of one VRRP instance, sans-I/O: time comes in as <c>now</c>, every action leaves
/// through <see cref="IVrrpActions"/>, and <see cref="NextDeadline"/> says when <see cref="OnTimer"/> is due.
/// This class is the single writer of the instance's state (as FRRouting's <c>vrrp_change_state</c>).
/// Trackers are outside: the owner passes the effective priority and the fault flag in.
/// </summary>
public sealed partial class VrrpInstanceMachine
{
    private readonly IVrrpActions _actions;
    // Held in the machine itself rather than in an array of its own: 32 bytes less per instance.
    private AddressBytes _masterAddress;
    private int _masterAddressLength;

    /// <summary>Size of the delayed GARP burst: garp_master_repeat after becoming MASTER, garp_lower_prio_repeat
    /// after answering a lower-priority advert.</summary>
    private int _delayedBurstRepeat;

    /// <summary>Set once fast handover has shortened the timer for the followed master's current demotion; cleared
    /// when an advert is accepted again or the master is forgotten.</summary>
    private bool _fastHandoverArmed;

    /// <summary>A MASTER answers lower-priority adverts again from this time on (one answer per advert
    /// interval).</summary>
    private MonotonicTime _lowerAnswerNotBefore = MonotonicTime.Zero;

    public VrrpInstanceMachine(InstanceParameters parameters, IVrrpActions actions)
    {
        Parameters = parameters;
        _actions = actions;
        MasterAdverInterval = parameters.AdvertInterval;
        EffectivePriority = parameters.BasePriority;
    }

    public InstanceParameters Parameters { get; private set; }

    public VrrpState State { get; private set; } = VrrpState.Init;
    public TransitionCause LastCause { get; private set; }
    public MonotonicTime LastTransitionAt { get; private set; }
    public Priority EffectivePriority { get; private set; }
    public bool Faulted { get; private set; }

    /// <summary>RFC 5798 Master_Adver_Interval: the configured interval, or in a v3 BACKUP the master's.</summary>
    public TimeSpan MasterAdverInterval { get; private set; }

    private MonotonicTime _timerDeadline = MonotonicTime.Never;
    private MonotonicTime _garpDelayDeadline = MonotonicTime.Never;
    private MonotonicTime _garpRefreshDeadline = MonotonicTime.Never;

    /// <summary>Master-down deadline in BACKUP, next advert in MASTER, never otherwise.</summary>
    public MonotonicTime TimerDeadline
    {
        get => _timerDeadline;
        private set
        {
            _timerDeadline = value;
            UpdateNextDeadline();
        }
    }

    public MonotonicTime GarpDelayDeadline
    {
        get => _garpDelayDeadline;
        private set
        {
            _garpDelayDeadline = value;
            UpdateNextDeadline();
        }
    }

    public MonotonicTime GarpRefreshDeadline
    {
        get => _garpRefreshDeadline;
        private set
        {
            _garpRefreshDeadline = value;
            UpdateNextDeadline();
        }
    }

    /// <summary>End of the running preempt_delay window; <see cref="MonotonicTime.Never"/> when none started.</summary>
    public MonotonicTime PreemptDelayUntil { get; private set; } = MonotonicTime.Never;

    /// <summary>keepalived's wantstate MASTER: the master-down timer expired but a sync group held us back.</summary>
    public bool WantsMaster { get; private set; }

    /// <summary>Priority of the master we last accepted (BACKUP), or our own (MASTER).</summary>
    public Priority MasterPriority { get; private set; }
    public ReadOnlySpan<byte> MasterAddress => ((ReadOnlySpan<byte>)_masterAddress)[.._masterAddressLength];

    public long AdvertsReceived { get; private set; }
    public long AdvertsSent { get; private set; }
    public long BecomeMaster { get; private set; }
    public long ReleaseMaster { get; private set; }
    public long PriorityZeroReceived { get; private set; }
    public long PriorityZeroSent { get; private set; }

    /// <summary>Lower-priority adverts a MASTER did not answer because it had answered one within the advert
    /// interval.</summary>
    public long LowerPriorityAnswersSuppressed { get; private set; }

    /// <summary>Times a BACKUP shortened its timer because the master it follows advertised a lower priority.</summary>
    public long FastHandovers { get; private set; }

    /// <summary>The earliest of the timers, kept up to date on every change so owners can scan many instances
    /// cheaply.</summary>
    public MonotonicTime NextDeadline { get; private set; } = MonotonicTime.Never;

    private void UpdateNextDeadline()
    {
        var next = MonotonicTime.Min(
            MonotonicTime.Min(_timerDeadline, _rogueDeadline),
            MonotonicTime.Min(_garpDelayDeadline, _garpRefreshDeadline));
        if (next != NextDeadline)
        {
            NextDeadline = next;
            _actions.NextDeadlineMoved();
        }
    }

    private Priority SkewPriority => Parameters.IsAddressOwner && !OwnerYielded ? Priority.Owner : EffectivePriority;

    /// <summary>RFC 5798 6.1: v3 <c>((256 - p) * Master_Adver_Interval) / 256</c>; v2 <c>(256 - p) / 256</c>
    /// s.</summary>
    public TimeSpan SkewTime => FromMicroseconds(SkewTimeMicroseconds);

    /// <summary>RFC 5798 6.1: <c>Master_Down_Interval = 3 * Master_Adver_Interval + Skew_Time</c>.</summary>
    public TimeSpan MasterDownInterval => FromMicroseconds(MasterDownIntervalMicroseconds);

    // The formulas in whole microseconds with integer division, as keepalived computes them: a span would round
    // differently.
    private long SkewTimeMicroseconds => Parameters.Version == 3
        ? (256L - SkewPriority.Value) * Microseconds(MasterAdverInterval) / 256
        : (256L - SkewPriority.Value) * 1_000_000 / 256;

    private long MasterDownIntervalMicroseconds =>
        Parameters.DownTimerAdverts * Microseconds(MasterAdverInterval) + SkewTimeMicroseconds;

    private long AdvertIntervalMicroseconds => Microseconds(Parameters.AdvertInterval);

    private static long Microseconds(TimeSpan span) => span.Ticks / TimeSpan.TicksPerMicrosecond;

    private static TimeSpan FromMicroseconds(long microseconds) =>
        TimeSpan.FromTicks(microseconds * TimeSpan.TicksPerMicrosecond);

    /// <summary>A reload changed settings that do not change the instance's identity: keep state and timers.</summary>
    public void UpdateParameters(InstanceParameters parameters, MonotonicTime now)
    {
        var oldDown = MasterDownIntervalMicroseconds;
        Parameters = parameters;
        // Only a v3 BACKUP that has heard a master keeps the adopted interval; everyone else uses the configured one.
        if (State != VrrpState.Backup || parameters.Version == 2 || _masterAddressLength == 0)
        {
            MasterAdverInterval = parameters.AdvertInterval;
        }

        if (State == VrrpState.Backup && !TimerDeadline.IsNever)
        {
            TimerDeadline = TimerDeadline.AddMicroseconds(MasterDownIntervalMicroseconds - oldDown);
        }
        else if (State == VrrpState.Master)
        {
            // keepalived sends a MASTER's advert at once after a reload. The next one stays where it was due when
            // that is within the new interval: restarting every MASTER's timer from the reload would gather them all
            // into one round.
            var next = TimerDeadline;
            var fresh = now.AddMicroseconds(AdvertIntervalMicroseconds);
            SendAdvertOnly(now);
            TimerDeadline = next > now && next < fresh ? next : fresh;
        }
    }

    private void Transition(VrrpState to, TransitionCause cause, MonotonicTime now)
    {
        var from = State;
        State = to;
        LastCause = cause;
        LastTransitionAt = now;
        _actions.StateChanged(from, to, cause, now);
    }

    private void RememberMaster(ReadOnlySpan<byte> sender, Priority priority)
    {
        _masterAddressLength = Math.Min(sender.Length, AddressBytes.Length);
        sender[.._masterAddressLength].CopyTo(_masterAddress);
        MasterPriority = priority;
        _fastHandoverArmed = false;
    }

    private MonotonicTime _lastAdvertSent = MonotonicTime.Never;

    private void ForgetMaster()
    {
        _masterAddressLength = 0;
        MasterPriority = default;
        _fastHandoverArmed = false;
    }

    /// <summary>Room for one IPv4 or IPv6 address.</summary>
    [System.Runtime.CompilerServices.InlineArray(Length)]
    private struct AddressBytes
    {
        public const int Length = 16;
        private byte _first;
    }
}
