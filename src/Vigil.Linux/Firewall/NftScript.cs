using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Vigil.Linux.Firewall;

/// <summary>
/// The nft command text for no_accept's tables, laid out as keepalived 2.2.7 lays out its own (observed with
/// <c>nft list ruleset</c>): per family a set <c>vips</c>, a chain <c>out</c> (output hook) dropping packets from
/// the set and a chain <c>in</c> (input hook) dropping packets to it; the IPv6 table also lets neighbour discovery
/// through and sends link-local traffic to the (empty) <c>in_link_local</c>/<c>out_link_local</c> chains. Each text is
/// one nft transaction: it applies whole or not at all.
/// </summary>
public static class NftScript
{
    /// <summary>Deletes every table named in <paramref name="delete"/> (both families; "add" first, so a missing table
    /// is no error) and creates the tables <paramref name="settings"/> wants with the given elements.</summary>
    public static string Rebuild(IEnumerable<string> delete, NftSettings settings, IReadOnlyCollection<IPAddress> addresses)
    {
        var s = new StringBuilder();
        foreach (var name in delete.Append(settings.Table).Distinct(StringComparer.Ordinal))
        {
            foreach (var family in (string[])["ip", "ip6"])
                s.Append($"add table {family} {name}\ndelete table {family} {name}\n");
        }
        if (settings.IPv4)
            Table(s, settings, "ip", "ipv4_addr");
        if (settings.IPv6)
            Table(s, settings, "ip6", "ipv6_addr");
        Elements(s, settings, addresses, flush: false);
        return s.ToString();
    }

    /// <summary>Replaces the elements of the existing sets with <paramref name="addresses"/>.</summary>
    public static string Update(NftSettings settings, IReadOnlyCollection<IPAddress> addresses)
    {
        var s = new StringBuilder();
        Elements(s, settings, addresses, flush: true);
        return s.ToString();
    }

    private static void Table(StringBuilder s, NftSettings settings, string family, string type)
    {
        var t = settings.Table;
        string Hook(string hook) =>
            $"type filter hook {hook} priority {settings.Priority.ToString(CultureInfo.InvariantCulture)}; policy accept;";
        var counter = settings.Counters ? "counter " : "";
        var ip = family;
        s.Append($"add table {family} {t}\n");
        s.Append($"add set {family} {t} vips {{ type {type}; }}\n");
        if (family == "ip6")
            s.Append($"add set {family} {t} neighbor-discovery {{ type icmpv6_type; flags constant; elements = {{ nd-neighbor-solicit, nd-neighbor-advert }}; }}\n");
        // Created in keepalived's order (out before in), so the listing reads the same.
        s.Append($"add chain {family} {t} out {{ {Hook("output")} }}\n");
        s.Append($"add chain {family} {t} in {{ {Hook("input")} }}\n");
        if (family == "ip6")
        {
            s.Append($"add chain {family} {t} in_link_local\nadd chain {family} {t} out_link_local\n");
            s.Append($"add rule {family} {t} in icmpv6 type @neighbor-discovery accept\n");
            s.Append($"add rule {family} {t} in {ip} daddr fe80::/10 goto in_link_local\n");
            s.Append($"add rule {family} {t} out icmpv6 type @neighbor-discovery accept\n");
            s.Append($"add rule {family} {t} out {ip} saddr fe80::/10 goto out_link_local\n");
        }
        s.Append($"add rule {family} {t} in {ip} daddr @vips {counter}drop\n");
        s.Append($"add rule {family} {t} out {ip} saddr @vips {counter}drop\n");
    }

    private static void Elements(StringBuilder s, NftSettings settings, IReadOnlyCollection<IPAddress> addresses, bool flush)
    {
        foreach (var (on, family, af) in (ReadOnlySpan<(bool, string, AddressFamily)>)[
                     (settings.IPv4, "ip", AddressFamily.InterNetwork), (settings.IPv6, "ip6", AddressFamily.InterNetworkV6)])
        {
            if (!on)
                continue;
            if (flush)
                s.Append($"flush set {family} {settings.Table} vips\n");
            var list = addresses.Where(a => a.AddressFamily == af).Select(a => a.ToString()).Order(StringComparer.Ordinal).ToList();
            if (list.Count > 0)
                s.Append($"add element {family} {settings.Table} vips {{ {string.Join(", ", list)} }}\n");
        }
    }
}
