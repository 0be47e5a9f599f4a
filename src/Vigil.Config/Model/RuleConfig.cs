using System.Net;
using System.Text;
using Vigil.Core.Primitives;

namespace Vigil.Config.Model;

/// <summary>What a rule does when it matches (fib_rule_hdr action).</summary>
public enum RuleAction : byte
{
    Table = 1,
    Blackhole = 6,
    Unreachable = 7,
    Prohibit = 8,
}

/// <summary>
/// One <c>virtual_rules</c> / <c>static_rules</c> line after parsing:
/// <c>[from P] [to P] [fwmark V[/M]] [iif IF] [oif IF] (table N | blackhole | unreachable | prohibit) preference N [no_track]</c>.
/// Equality is by value (no source location).
/// </summary>
public sealed record RuleConfig
{
    /// <summary>keepalived's preference for a rule written without one (it warns, and -t exits 5).</summary>
    public const uint DefaultPreference = 16384;

    public IpFamily Family { get; init; }
    public IPAddress? From { get; init; }
    public int FromPrefix { get; init; }
    public IPAddress? To { get; init; }
    public int ToPrefix { get; init; }
    public RuleAction Action { get; init; } = RuleAction.Table;
    public uint Table { get; init; } = 254;
    public uint Preference { get; init; } = DefaultPreference;
    public uint? Fwmark { get; init; }
    public uint? FwmarkMask { get; init; }
    public string? InInterface { get; init; }
    public string? OutInterface { get; init; }
    public bool Invert { get; init; }
    public bool NoTrack { get; init; }

    /// <summary><c>track_group NAME</c> of a static rule: the group's instances track its <c>iif</c>.</summary>
    public string? TrackGroup { get; init; }

    /// <summary>Rule text as <c>ip rule</c> would take it.</summary>
    public override string ToString()
    {
        var s = new StringBuilder();
        if (Invert)
            s.Append("not ");
        s.Append("from ").Append(From is null ? "all" : $"{From}/{FromPrefix}");
        if (To is not null)
            s.Append(" to ").Append(To).Append('/').Append(ToPrefix);
        if (Fwmark is { } mark)
        {
            s.Append(" fwmark 0x").Append(mark.ToString("x", System.Globalization.CultureInfo.InvariantCulture));
            if (FwmarkMask is { } mask)
                s.Append("/0x").Append(mask.ToString("x", System.Globalization.CultureInfo.InvariantCulture));
        }
        if (InInterface is not null)
            s.Append(" iif ").Append(InInterface);
        if (OutInterface is not null)
            s.Append(" oif ").Append(OutInterface);
        s.Append(Action == RuleAction.Table ? $" table {Table}" : " " + Action.ToString().ToLowerInvariant());
        s.Append(" preference ").Append(Preference);
        if (Family == IpFamily.IPv6)
            s.Append(" inet6");
        if (NoTrack)
            s.Append(" no_track");
        return s.ToString();
    }
}
