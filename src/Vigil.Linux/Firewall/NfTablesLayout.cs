using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using static Vigil.Linux.Firewall.NfTablesExpression;

namespace Vigil.Linux.Firewall;

/// <summary>
/// no_accept's tables, laid out as keepalived 2.2.7 lays out its own (observed with <c>nft list ruleset</c>): per
/// family a set <c>vips</c>, a chain <c>out</c> (output hook) dropping packets from the set and a chain <c>in</c>
/// (input hook) dropping packets to it; the IPv6 table also lets neighbour discovery through and sends link-local
/// traffic to <c>in_link_local</c>/<c>out_link_local</c>, which drop what is in <c>vips_link_local</c> (address and
/// interface index) when some VIP is link-local. With counters, every rule counts, as keepalived's do.
/// </summary>
public static class NfTablesLayout
{
    public const string Vips = "vips", LinkLocalVips = "vips_link_local";
    private const uint HookInput = 1, HookOutput = 3; // NF_INET_LOCAL_IN, NF_INET_LOCAL_OUT
    private const uint SetConstant = 0x2; // NFT_SET_CONSTANT
    // nft's datatype numbers (only nft reads them, to print the set's type): ipv4_addr, ipv6_addr, icmpv6_type,
    // iface_index; a concatenation packs them 6 bits each, the first highest.
    private const uint TypeIPv4 = 7, TypeIPv6 = 8, TypeIcmpv6 = 29, TypeIfIndex = 20;
    private const byte NdSolicit = 135, NdAdvert = 136, IcmpV6 = 58;

    /// <summary>Deletes every table named in <paramref name="delete"/> and <paramref name="settings"/>' own (both
    /// families; added first, so a missing table is no error) and creates the tables <paramref name="settings"/>
    /// wants, with empty drop sets.</summary>
    public static void Rebuild(NfTablesBatch batch, IEnumerable<string> delete, NftSettings settings)
    {
        foreach (var name in delete.Append(settings.Table).Distinct(StringComparer.Ordinal))
        {
            foreach (var family in (byte[])[NfTablesBatch.Ipv4, NfTablesBatch.Ipv6])
            {
                batch.AddTable(family, name);
                batch.DeleteTable(family, name);
            }
        }
        if (settings.IPv4)
            IPv4Table(batch, settings);
        if (settings.IPv6)
            IPv6Table(batch, settings);
    }

    /// <summary>The drop-set elements for these addresses: each family only when its table is wanted; link-local
    /// ones only in the IPv6 table with its link-local set, and only when their interface exists
    /// (<paramref name="interfaceIndex"/> gives 0 otherwise; those go to <paramref name="missing"/>).</summary>
    public static HashSet<NfTablesElement> Elements(NftSettings settings, IEnumerable<IPAddress> addresses,
        IEnumerable<(IPAddress Address, string Interface)> linkLocal,
        Func<string, int> interfaceIndex,
        List<string> missing)
    {
        var set = new HashSet<NfTablesElement>();
        foreach (var a in addresses)
        {
            bool v6 = a.AddressFamily == AddressFamily.InterNetworkV6;
            if (v6 ? settings.IPv6 : settings.IPv4)
                set.Add(new(v6 ? NfTablesBatch.Ipv6 : NfTablesBatch.Ipv4, Vips, a.ToString(), a.GetAddressBytes()));
        }
        if (!settings.IPv6 || !settings.LinkLocal)
            return set;
        foreach (var (address, name) in linkLocal)
        {
            int index = interfaceIndex(name);
            if (index <= 0)
            {
                missing.Add($"{address}%{name}");
                continue;
            }
            var key = new byte[20];
            address.GetAddressBytes().CopyTo(key, 0);
            // iface_index is stored in host byte order, as the kernel's meta iif/oif load it.
            BinaryPrimitives.WriteInt32LittleEndian(key.AsSpan(16), index);
            set.Add(
                new(
                    NfTablesBatch.Ipv6,
                    LinkLocalVips,
                    $"{new IPAddress(address.GetAddressBytes())} . \"{name}\"",
                    key));
        }
        return set;
    }

    /// <summary>One message per set and change: removals first, then additions, in nft's order (sorted text).</summary>
    public static void Change(
        NfTablesBatch batch,
        string table,
        IEnumerable<NfTablesElement> remove,
        IEnumerable<NfTablesElement> add)
    {
        foreach (var group in remove.GroupBy(e => (e.Family, e.Set)).OrderBy(g => g.Key))
        {
            var list = group.OrderBy(e => e.Text, StringComparer.Ordinal).ToList();
            batch.DeleteElements(
                group.Key.Family,
                table,
                group.Key.Set,
                [.. list.Select(e => e.Key)],
                string.Join(", ", list));
        }
        foreach (var group in add.GroupBy(e => (e.Family, e.Set)).OrderBy(g => g.Key))
        {
            var list = group.OrderBy(e => e.Text, StringComparer.Ordinal).ToList();
            batch.AddElements(
                group.Key.Family,
                table,
                group.Key.Set,
                [.. list.Select(e => e.Key)],
                string.Join(", ", list));
        }
    }

    private static void IPv4Table(NfTablesBatch b, NftSettings s)
    {
        const byte f = NfTablesBatch.Ipv4;
        var t = s.Table;
        b.AddTable(f, t);
        b.AddSet(f, t, Vips, 1, TypeIPv4, 4);
        // Created in keepalived's order (out before in), so the listing reads the same.
        b.AddChain(f, t, "out", (HookOutput, s.Priority));
        b.AddChain(f, t, "in", (HookInput, s.Priority));
        Rule(b, s, f, "in", "ip daddr @vips", "drop", Verdict(Drop), Payload(NetworkHeader, 16, 4), Lookup(Vips));
        Rule(b, s, f, "out", "ip saddr @vips", "drop", Verdict(Drop), Payload(NetworkHeader, 12, 4), Lookup(Vips));
    }

    private static void IPv6Table(NfTablesBatch b, NftSettings s)
    {
        const byte f = NfTablesBatch.Ipv6;
        var t = s.Table;
        b.AddTable(f, t);
        b.AddSet(f, t, Vips, 1, TypeIPv6, 16);
        b.AddSet(f, t, "neighbor-discovery", 2, TypeIcmpv6, 1, SetConstant, size: 2);
        b.AddElements(f, t, "neighbor-discovery", [[NdSolicit], [NdAdvert]], "nd-neighbor-solicit, nd-neighbor-advert");
        if (s.LinkLocal)
            b.AddSet(f, t, LinkLocalVips, 3, TypeIPv6 << 6 | TypeIfIndex, 20);
        b.AddChain(f, t, "out", (HookOutput, s.Priority));
        b.AddChain(f, t, "in", (HookInput, s.Priority));
        b.AddChain(f, t, "in_link_local", null);
        b.AddChain(f, t, "out_link_local", null);
        byte[] fe80Mask = [0xff, 0xc0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
        byte[] fe80 = [0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
        foreach (var (chain, offset, dir) in (ReadOnlySpan<(string, uint, string)>)[
            ("in", 24, "daddr"),
            ("out", 8, "saddr")])
        {
            Rule(b, s, f, chain, "icmpv6 type @neighbor-discovery", "accept", Verdict(Accept),
                Meta(MetaL4Proto), Equal([IcmpV6]), Payload(TransportHeader, 0, 1), Lookup("neighbor-discovery"));
            Rule(
                b,
                s,
                f,
                chain,
                $"ip6 {dir} fe80::/10",
                $"goto {chain}_link_local",
                Verdict(Goto, $"{chain}_link_local"),
                Payload(NetworkHeader, offset, 16),
                Mask(fe80Mask, new byte[16]),
                Equal(fe80));
        }
        Rule(b, s, f, "in", "ip6 daddr @vips", "drop", Verdict(Drop), Payload(NetworkHeader, 24, 16), Lookup(Vips));
        Rule(b, s, f, "out", "ip6 saddr @vips", "drop", Verdict(Drop), Payload(NetworkHeader, 8, 16), Lookup(Vips));
        if (s.LinkLocal)
        {
            Rule(b, s, f, "in_link_local", "ip6 daddr . iif @vips_link_local", "drop", Verdict(Drop),
                Payload(NetworkHeader, 24, 16), Meta(MetaIif, 2), Lookup(LinkLocalVips));
            Rule(b, s, f, "out_link_local", "ip6 saddr . oif @vips_link_local", "drop", Verdict(Drop),
                Payload(NetworkHeader, 8, 16), Meta(MetaOif, 2), Lookup(LinkLocalVips));
        }
    }

    /// <summary>A rule: the match expressions, a counter when wanted, then the verdict.</summary>
    private static void Rule(
        NfTablesBatch b,
        NftSettings s,
        byte family,
        string chain,
        string match,
        string verdictText,
        NfTablesExpression verdict,
        params NfTablesExpression[] matches)
    {
        NfTablesExpression[] all = s.Counters ? [.. matches, Counter(), verdict] : [.. matches, verdict];
        b.AddRule(
            family,
            s.Table,
            chain,
            s.Counters ? $"{match} counter {verdictText}" : $"{match} {verdictText}",
            all);
    }
}
