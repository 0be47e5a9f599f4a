using System.Text.Json.Serialization;

namespace Vigil.Operations.Dumps;

// keepalived 2.4.3's JSON dump (see JsonDumpWriter): keys and their order are keepalived's, and most of its names
// are the snake_case of these (Json/VigilJsonContext); the numbers are keepalived's too (seconds, 0/1 flags).

/// <summary>One instance of the dump.</summary>
public sealed record DumpEntry(DumpData Data, DumpStats Stats);

/// <summary>json_version 2: the array under <c>"vrrp"</c>.</summary>
public sealed record DumpV2(IReadOnlyList<DumpEntry> Vrrp);

public sealed record DumpData
{
    public string Iname { get; init; } = "";
    public int DontTrackPrimary { get; init; }
    public int SkipCheckAdvAddr { get; init; }
    public int StrictMode { get; init; }
    public string VmacIfname { get; init; } = "";
    public string IfpIfname { get; init; } = "";
    public int MasterPriority { get; init; }

    /// <summary>Seconds since the epoch, to the microsecond.</summary>
    public double LastTransition { get; init; }

    public int GarpDelay { get; init; }
    public int GarpRefresh { get; init; }
    public int GarpRep { get; init; }
    public int GarpRefreshRep { get; init; }
    public int GarpLowerPrioDelay { get; init; }
    public int GarpLowerPrioRep { get; init; }
    public int LowerPrioNoAdvert { get; init; }
    public int HigherPrioSendAdvert { get; init; }
    public int Vrid { get; init; }
    public int BasePriority { get; init; }
    public int EffectivePriority { get; init; }
    public bool Vipset { get; init; }
    public bool PromoteSecondaries { get; init; }
    public int AdverInt { get; init; }
    public int MasterAdverInt { get; init; }
    public int Accept { get; init; }
    public bool Nopreempt { get; init; }
    public int PreemptDelay { get; init; }
    public int State { get; init; }
    public int Wantstate { get; init; }
    public int Version { get; init; }
    public bool SmtpAlert { get; init; }
    public bool NotifyDeleted { get; init; }
    public IReadOnlyList<string> Vips { get; init; } = [];

    /// <summary>keepalived leaves the key out for an instance that tracks no script.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? TrackScript { get; init; }

    public int AuthType { get; init; }
}

public sealed record DumpStats
{
    public long AdvertRcvd { get; init; }
    public long AdvertSent { get; init; }
    public long BecomeMaster { get; init; }
    public long ReleaseMaster { get; init; }
    public long PacketLenErr { get; init; }
    public long AdvertIntervalErr { get; init; }
    public long IpTtlErr { get; init; }
    public long InvalidTypeRcvd { get; init; }
    public long AddrListErr { get; init; }
    public long InvalidAuthtype { get; init; }
    public long AuthtypeMismatch { get; init; }
    public long AuthFailure { get; init; }

    // keepalived 2.4's auth_hmac counters, in its order (between auth_failure and pri_zero_rcvd).
    public long AuthExtMissing { get; init; }
    public long AuthExtMalformed { get; init; }
    public long AuthExtUnknownKey { get; init; }
    public long AuthExtInvalidHmac { get; init; }
    public long AuthExtStale { get; init; }
    public long AuthExtReplay { get; init; }
    public long PriZeroRcvd { get; init; }
    public long PriZeroSent { get; init; }
}
