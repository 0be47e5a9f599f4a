namespace Vigil.Engine.Logging;

/// <summary>The logger categories (Microsoft.Extensions.Logging) every Vigil log line belongs to. Each area owns a
/// range of event ids (docs/logging.md), so an id names one message for good.</summary>
public static class LogCategories
{
    /// <summary>Configuration as the engine loads it: unused scripts, missing trackers, startup delay
    /// (100-199).</summary>
    public const string Config = "Vigil.Config";

    /// <summary>The VRRP state machines: transitions, adverts, rate limiting, sync groups (200-299).</summary>
    public const string Vrrp = "Vigil.Vrrp";

    /// <summary>Track and notify scripts (300-399).</summary>
    public const string Scripts = "Vigil.Scripts";

    /// <summary>Interfaces, processes and effective priority (400-499).</summary>
    public const string Tracking = "Vigil.Tracking";

    /// <summary>auth_hmac and advert authentication (500-599).</summary>
    public const string Auth = "Vigil.Auth";

    /// <summary>Virtual routes and rules (600-699).</summary>
    public const string Routes = "Vigil.Routes";

    /// <summary>The daemon's own lines: start, stop, reload, timing summaries (1000-1099).</summary>
    public const string Daemon = "Vigil.Daemon";

    /// <summary>VMAC interfaces as the daemon creates them (1100-1199).</summary>
    public const string Vmac = "Vigil.Vmac";

    /// <summary>nftables (1200-1299).</summary>
    public const string Firewall = "Vigil.Firewall";

    /// <summary>SMTP alerts (1300-1399).</summary>
    public const string Mail = "Vigil.Mail";

    /// <summary>Control socket, metrics, dumps (1400-1499).</summary>
    public const string Operations = "Vigil.Operations";
}
