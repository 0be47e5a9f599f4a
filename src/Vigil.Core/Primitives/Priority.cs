using System.Globalization;

namespace Vigil.Core.Primitives;

/// <summary>A VRRP priority (the advert's third byte, any of 0..255), its named values and the clamp keepalived
/// applies to tracked priorities. Sums of tracker weights stay plain ints (they may leave 0..255) until
/// <see cref="Effective"/> turns one into a priority.</summary>
public readonly record struct Priority(byte Value) : IComparable<Priority>
{
    /// <summary>Priority 0 on the wire: the sender is resigning (shutdown or fault).</summary>
    public static readonly Priority Resign = new(0);

    /// <summary>The lowest priority a tracked, non-owner instance can advertise.</summary>
    public static readonly Priority MinEffective = new(1);

    /// <summary>The highest priority a non-owner can advertise.</summary>
    public static readonly Priority MaxNonOwner = new(254);

    /// <summary>The address owner's priority: never changed by trackers.</summary>
    public static readonly Priority Owner = new(255);

    public bool IsOwner => Value == Owner.Value;

    public bool IsResign => Value == Resign.Value;

    /// <summary>A priority from a number that must already be within 0..255 (configuration has checked it);
    /// anything else throws <see cref="ArgumentOutOfRangeException"/>.</summary>
    public static Priority FromInt32(int value)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(value);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(value, Owner.Value);
        return new Priority((byte)value);
    }

    /// <summary>What goes on the wire for a base priority and an unclamped total: an owner stays 255,
    /// everything else is clamped to 1..254 (clamping on output only, so sums stay exact).</summary>
    public static Priority Effective(Priority basePriority, int total) =>
        basePriority.IsOwner ? Owner : new Priority((byte)Math.Clamp(total, MinEffective.Value, MaxNonOwner.Value));

    public int CompareTo(Priority other) => Value.CompareTo(other.Value);

    public static bool operator <(Priority a, Priority b) => a.Value < b.Value;
    public static bool operator >(Priority a, Priority b) => a.Value > b.Value;
    public static bool operator <=(Priority a, Priority b) => a.Value <= b.Value;
    public static bool operator >=(Priority a, Priority b) => a.Value >= b.Value;

    /// <summary>The plain number, as logs, dumps and JSON have always shown it.</summary>
    public override string ToString() => Value.ToString(CultureInfo.InvariantCulture);
}
