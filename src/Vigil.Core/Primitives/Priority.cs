namespace Vigil.Core.Primitives;

/// <summary>VRRP priority values and the clamp keepalived applies to tracked priorities.</summary>
public static class Priority
{
    /// <summary>Priority 0 on the wire: the sender is resigning (shutdown or fault).</summary>
    public const int Resign = 0;

    /// <summary>The lowest priority a tracked, non-owner instance can advertise.</summary>
    public const int MinEffective = 1;

    /// <summary>The highest priority a non-owner can advertise.</summary>
    public const int MaxNonOwner = 254;

    /// <summary>The address owner's priority: never changed by trackers.</summary>
    public const int Owner = 255;

    /// <summary>What goes on the wire for a base priority and an unclamped total: an owner stays 255,
    /// everything else is clamped to 1..254 (clamping on output only, so sums stay exact).</summary>
    public static int Effective(int basePriority, int total) =>
        basePriority == Owner ? Owner : Math.Clamp(total, MinEffective, MaxNonOwner);
}
