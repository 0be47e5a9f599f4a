using Vigil.Core.Primitives;

namespace Vigil.Core.Routing;

/// <summary>What a state machine asks of its owner. Calls happen synchronously inside the machine's methods, in the
/// order the RFC requires (for example the first advert before the VIPs are added).</summary>
public interface IVrrpActions
{
    /// <summary>Send one advert with this priority (0 on resign).</summary>
    void SendAdvert(Priority priority);

    void InstallAddresses();

    void RemoveAddresses();

    /// <summary>Send <paramref name="repeat"/> gratuitous ARPs / unsolicited NAs for every VIP, now.</summary>
    void Announce(int repeat);

    /// <summary>Called on the way to MASTER, before its first advert is sent (AH restarts a sequence that ran
    /// out).</summary>
    void BecomingMaster()
    {
    }

    /// <summary>How much sooner than one interval after becoming MASTER at <paramref name="now"/> the second advert
    /// goes out (0 up to <paramref name="intervalMicroseconds"/> * 3/4; the machine clamps it). An owner of many
    /// instances spreads them over the interval with it, so those that became MASTER together are not due together
    /// for ever after; each keeps its phase from then on.</summary>
    long SecondAdvertLeadMicroseconds(MonotonicTime now, long intervalMicroseconds) => 0;

    /// <summary>Called whenever <see cref="VrrpInstanceMachine.NextDeadline"/> changes, so an owner of many
    /// instances can keep them in deadline order instead of scanning them all.</summary>
    void NextDeadlineMoved()
    {
    }

    void StateChanged(VrrpState from, VrrpState to, TransitionCause cause, MonotonicTime now);

    /// <summary>Asked when the master-down timer expires: a sync group may hold the instance in BACKUP.</summary>
    bool MayBecomeMaster(MonotonicTime now);

    /// <summary>A protocol happening worth a log line. <paramref name="now"/> is the machine's time, so the owner can
    /// rate-limit lines per instance without a clock of its own.</summary>
    void Log(MonotonicTime now, VrrpLogEvent logEvent, Priority theirPriority, Priority ourPriority,
        ReadOnlySpan<byte> sender);
}
