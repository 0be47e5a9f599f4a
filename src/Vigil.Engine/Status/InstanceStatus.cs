using System.Net;
using Vigil.Core.Primitives;

namespace Vigil.Engine.Status;

/// <summary>Everything <c>vigil status</c> and <c>--explain</c> show about one instance. Times are monotonic; the
/// daemon converts them to wall-clock with its own offset.</summary>
public sealed record InstanceStatus
{
    public required string Name { get; init; }
    public required VrrpState State { get; init; }
    public required byte Vrid { get; init; }
    public required string Interface { get; init; }
    public required IpFamily Family { get; init; }
    public required int Version { get; init; }
    public required int BasePriority { get; init; }
    public required int EffectivePriority { get; init; }

    /// <summary>Base plus every contribution, before clamping to 1..254 (keepalived's total_priority).</summary>
    public required int TotalPriority { get; init; }

    /// <summary>Human text when the total was clamped (e.g. "total -30 clamped to 1"), else null.</summary>
    public string? Clamp { get; init; }
    public required int AdvertIntervalMs { get; init; }

    /// <summary>The interval in use: a v3 BACKUP's adopted master interval, else the configured one.</summary>
    public required int MasterAdvertIntervalMs { get; init; }
    public required int MasterDownIntervalMs { get; init; }
    public required int SkewTimeMs { get; init; }

    /// <summary>Who is master as far as this instance knows: itself when MASTER, the last accepted advert's source
    /// when BACKUP, null otherwise.</summary>
    public IPAddress? MasterAddress { get; init; }
    public int? MasterPriority { get; init; }

    /// <summary>Why the instance is in its state, in one sentence (for <c>--explain</c>).</summary>
    public required string Reason { get; init; }
    public required MonotonicTime LastTransitionAt { get; init; }
    public required bool Preempt { get; init; }
    public required int PreemptDelayMs { get; init; }

    /// <summary>Set while a preempt_delay window is running.</summary>
    public MonotonicTime? PreemptDelayUntil { get; init; }
    public bool WantMaster { get; init; }
    public bool IsAddressOwner { get; init; }
    public string? SyncGroup { get; init; }
    public bool FastHandover { get; init; }
    public required IReadOnlyList<string> VirtualIpAddresses { get; init; }

    /// <summary>RFC 5798 Accept_Mode (false for no_accept and vrrp_strict's non-owners).</summary>
    public bool Accept { get; init; } = true;

    /// <summary>The addresses this instance has in the firewall's drop set (a no_accept non-owner while
    /// MASTER).</summary>
    public IReadOnlyList<string> FirewallDrops { get; init; } = [];
    /// <summary>virtual_routes and virtual_rules as installed (ip route / ip rule text), and whether they are in the
    /// kernel now (only while MASTER).</summary>
    public IReadOnlyList<string> VirtualRoutes { get; init; } = [];
    public IReadOnlyList<string> VirtualRules { get; init; } = [];
    public bool RoutesInstalled { get; init; }
    public required IReadOnlyList<string> FaultReasons { get; init; }
    public required IReadOnlyList<TrackerStatus> Trackers { get; init; }
    public required InstanceCounters Counters { get; init; }

    /// <summary>When the current timer fires (master-down in BACKUP, next advert in MASTER).</summary>
    public MonotonicTime NextTimer { get; init; }
}
