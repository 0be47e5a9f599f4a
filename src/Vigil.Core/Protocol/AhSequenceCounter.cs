using Vigil.Core.Primitives;

namespace Vigil.Core.Protocol;

/// <summary>
/// The AH sequence number of one <c>auth_type AH</c> instance, with keepalived's rules (observed on 2.2.7 and 2.4.3):
/// one 32-bit number, the last one sent or accepted, starting at 0, and a "cycled" flag.
/// <list type="bullet">
/// <item>Each advert sent carries the number plus one; once the number is above 0xFFFFFFFD it stops moving, the flag
/// is set and every further advert repeats it (the sender stays MASTER; its peers refuse the repeats as replays and
/// take over, which is the only way out keepalived has).</item>
/// <item>A verified advert is accepted only with a number greater than ours, which becomes ours.</item>
/// <item>A MASTER that hears a lower-priority advert takes that advert's number plus one, so its answer carries
/// plus two and the sender, now BACKUP, accepts it (the addition wraps at 2^32 as keepalived's does).</item>
/// <item>An accepted advert clears the flag, in BACKUP, or in MASTER when it leads to an election (neither priority
/// 0 nor our own address).</item>
/// <item>Becoming MASTER with the flag set restarts the number from 0.</item>
/// </list>
/// Wrap-around needs 2^32 adverts (136 years at one a second), so the end rule matters only to a forged or
/// mistaken peer pushing the number up; an attacker without the key cannot.
/// </summary>
public sealed class AhSequenceCounter
{
    /// <summary>Above this the number stops moving: the last one a sender increments to is 0xFFFFFFFE.</summary>
    public const uint Ceiling = 0xFFFFFFFD;

    public uint Value { get; private set; }

    /// <summary>Set when an advert went out without a fresh number.</summary>
    public bool Cycled { get; private set; }

    /// <summary>The number for the next advert sent (the same to every unicast peer of that advert).</summary>
    public uint NextToSend()
    {
        if (Value > Ceiling)
        {
            Cycled = true;
        }
        else
        {
            Value++;
        }

        return Value;
    }

    /// <summary>The replay rule, for an advert whose ICV verified: true (and the number adopted) when it is greater
    /// than ours.</summary>
    public bool TryAccept(uint sequence)
    {
        if (sequence <= Value)
        {
            return false;
        }

        Value = sequence;
        return true;
    }

    /// <summary>After an accepted advert, before the state machine sees it: <paramref name="state"/> is ours then,
    /// <paramref name="senderVersusOurs"/> the sign of comparing the sender's address with ours.
    /// Returns true when a MASTER synced its number to a lower-priority sender (keepalived logs it).</summary>
    public bool Heard(uint sequence, VrrpState state, byte theirPriority, int ourPriority, int senderVersusOurs)
    {
        if (state == VrrpState.Backup)
        {
            Cycled = false;
            return false;
        }

        if (state != VrrpState.Master || theirPriority == 0)
        {
            return false;
        }

        if (theirPriority < ourPriority || (theirPriority == ourPriority && senderVersusOurs < 0))
        {
            Value = unchecked(sequence + 1);
            Cycled = false;
            return true;
        }

        if (theirPriority > ourPriority || senderVersusOurs > 0)
        {
            Cycled = false;
        }

        return false;
    }

    /// <summary>Before the first advert as MASTER: a number that ran out starts again from 0.</summary>
    public void BecomingMaster()
    {
        if (Cycled)
        {
            Cycled = false;
            Value = 0;
        }
    }
}
