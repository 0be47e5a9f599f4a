using System.Net;

namespace Vigil.Config.Model;

public sealed partial record VrrpInstanceConfig
{
    /// <summary>The settings few instances use (VMAC, routes and rules, file, process and BFD trackers, the rarer
    /// notify scripts, ...) live in one record of their own, shared by every instance that sets none of them: the
    /// configuration record of such an instance is about 150 bytes smaller (0.6 MB at 4,000 instances). The
    /// properties read and write through it, so the model's shape, `with` and value equality are unchanged.</summary>
    private RareSettings _rare = RareSettings.None;

    private sealed record RareSettings
    {
        public static readonly RareSettings None = new();

        public AuthHmacConfig? AuthHmac { get; init; }
        public IReadOnlyList<VirtualIpAddress> VirtualIpAddressesExcluded { get; init; } = [];
        public IPAddress? McastSrcIp { get; init; }
        public int? UnicastTtl { get; init; }
        public IReadOnlyList<TrackerRef> TrackFiles { get; init; } = [];
        public IReadOnlyList<TrackerRef> TrackProcesses { get; init; } = [];
        public IReadOnlyList<TrackerRef> TrackBfds { get; init; } = [];
        public int? GarpExtraIfSeconds { get; init; }
        public bool GarpExtraIfAll { get; init; }
        public bool? SmtpAlert { get; init; }
        public ScriptCommand? NotifyStop { get; init; }
        public ScriptCommand? NotifyMasterRxLowerPri { get; init; }
        public ScriptCommand? NotifyDeleted { get; init; }
        public bool SendDeleted { get; init; }
        public int? TimerExpiredBackup { get; init; }
        public string? UseVmac { get; init; }
        public string? VmacMac { get; init; }
        public bool VmacXmitBase { get; init; }
        public IReadOnlyList<string> VirtualRoutes { get; init; } = [];
        public IReadOnlyList<string> VirtualRules { get; init; } = [];
        public IReadOnlyList<RouteConfig> Routes { get; init; } = [];
        public IReadOnlyList<RuleConfig> Rules { get; init; } = [];
        public IReadOnlyList<KeywordUse> OtherKeywords { get; init; } = [];

        /// <summary>The shared <see cref="None"/> whenever this is back to the defaults (as after
        /// <see cref="SharingEmpties"/> sets an empty list).</summary>
        public RareSettings Shared() => Equals(None) ? None : this;
    }
}
