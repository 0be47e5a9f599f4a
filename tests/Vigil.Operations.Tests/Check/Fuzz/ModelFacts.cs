using System.Globalization;
using System.Net;
using System.Text.Json;

namespace Vigil.Operations.Tests.Check.Fuzz;

/// <summary>The resolved model fields both sides expose, per instance, as comparable strings: from keepalived's
/// dump (--dump-conf) and from `vigil check --json`.</summary>
internal static class ModelFacts
{
    public static readonly string[] Fields =
    [
        "vrid", "priority", "state", "interface", "version", "advert_ms", "preempt", "auth", "vips", "vips_excluded",
        "unicast_peers", "track_scripts", "track_interfaces", "sync_group",
    ];

    public static Dictionary<string, Dictionary<string, string>> FromDump(string dump)
    {
        var result = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        Dictionary<string, string>? cur = null;
        string? list = null;
        var lists = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        void Flush()
        {
            if (cur is null)
                return;
            foreach (var (k, v) in lists)
                cur[k] = string.Join(" ", k is "vips" or "vips_excluded" ? v : v.Order(StringComparer.Ordinal));
            cur.TryAdd("auth", "none");
            cur.TryAdd("sync_group", "-");
            foreach (var f in Fields)
                cur.TryAdd(f, string.Empty);
            lists.Clear();
        }
        foreach (var raw in dump.Split('\n'))
        {
            if (raw.StartsWith("------<", StringComparison.Ordinal)
                && !raw.Contains("VRRP Topology", StringComparison.Ordinal))
            {
                Flush();
                cur = null;
                continue;
            }
            var line = raw.Trim();
            if (line.StartsWith("VRRP Instance = ", StringComparison.Ordinal))
            {
                Flush();
                cur = new Dictionary<string, string>(StringComparer.Ordinal);
                result[line["VRRP Instance = ".Length..]] = cur;
                list = null;
                continue;
            }
            if (cur is null)
                continue;
            var indent = raw.Length - raw.TrimStart().Length;
            if (list is not null && indent >= 5)
            {
                lists[list].Add(ListItem(list, line));
                continue;
            }
            list = null;
            string? After(string prefix) =>
                line.StartsWith(prefix, StringComparison.Ordinal) ? line[prefix.Length..] : null;
            if (After("VRRP Version = ") is { } ver)
                cur["version"] = ver;
            else if (After("Wantstate = ") is { } ws)
                cur["state"] = ws;
            else if (After("Interface = ") is { } itf)
                cur["interface"] = BaseInterface(itf);
            else if (After("Virtual Router ID = ") is { } vrid)
                cur["vrid"] = vrid;
            else if (After("Priority = ") is { } prio)
                cur["priority"] = prio;
            else if (After("Advert interval = ") is { } adv)
                cur["advert_ms"] = AdvertMs(adv);
            else if (After("Preempt = ") is { } pre)
                cur["preempt"] = pre == "enabled" ? "true" : "false";
            else if (After("Authentication type = ") is { } auth)
                cur["auth"] = auth switch { "SIMPLE_PASSWORD" => "PASS", "IPSEC_AH" => "AH", _ => auth };
            else if (After("Sync group = ") is { } sg)
                cur["sync_group"] = sg;
            else if (line.StartsWith("Virtual IP (", StringComparison.Ordinal))
                Start("vips");
            else if (line.StartsWith("Virtual IP Excluded", StringComparison.Ordinal))
                Start("vips_excluded");
            else if (line.StartsWith("Unicast Peer", StringComparison.Ordinal))
                Start("unicast_peers");
            else if (line.StartsWith("Tracked scripts", StringComparison.Ordinal))
                Start("track_scripts");
            else if (line.StartsWith("Tracked interfaces", StringComparison.Ordinal))
                Start("track_interfaces");
        }
        Flush();
        return result;

        void Start(string name)
        {
            list = name;
            lists[name] = [];
        }
    }

    /// <summary>"vrrp.1, vmac on eth0" and "eth1, xmit base i/f" name the physical interface Vigil's model
    /// holds.</summary>
    private static string BaseInterface(string text)
    {
        var vmacOn = text.IndexOf(", vmac on ", StringComparison.Ordinal);
        if (vmacOn >= 0)
            return text[(vmacOn + 10)..].Split(',')[0];
        var comma = text.IndexOf(',', StringComparison.Ordinal);
        return comma >= 0 ? text[..comma] : text;
    }

    private static string ListItem(string list, string line)
    {
        var w = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        switch (list)
        {
            case "vips" or "vips_excluded":
            {
                var addr = w[0];
                var dev = Word(w, "dev")?.Split('@')[0] ?? "-";
                var scope = Word(w, "scope") ?? "global";
                return Vip(addr, dev, scope);
            }
            case "unicast_peers":
                return w[0];
            default:
                // "NAME weight N" (scripts and interfaces)
                return $"{w[0]}:{Word(w, "weight") ?? "0"}";
        }
    }

    private static string? Word(string[] w, string key)
    {
        var i = Array.IndexOf(w, key);
        return i >= 0 && i + 1 < w.Length ? w[i + 1] : null;
    }

    private static string Vip(string addrWithPrefix, string dev, string scope)
    {
        var slash = addrWithPrefix.IndexOf('/', StringComparison.Ordinal);
        var addr = IPAddress.Parse(slash < 0 ? addrWithPrefix : addrWithPrefix[..slash]);
        var full = addr.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? 128 : 32;
        var prefix = slash < 0 ? full : int.Parse(addrWithPrefix[(slash + 1)..], CultureInfo.InvariantCulture);
        return $"{addr}/{prefix}@{dev}%{scope}";
    }

    private static string AdvertMs(string text)
    {
        var w = text.Split(' ');
        var n = decimal.Parse(w[0], CultureInfo.InvariantCulture);
        return (w.Length > 1 && w[1] == "sec" ? n * 1000 : n).ToString("0", CultureInfo.InvariantCulture);
    }

    public static Dictionary<string, Dictionary<string, string>> FromJson(string json)
    {
        var result = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        using var doc = JsonDocument.Parse(json);
        if (doc.RootElement.GetProperty("model").ValueKind != JsonValueKind.Object)
            return result;
        foreach (var i in doc.RootElement.GetProperty("model").GetProperty("instances").EnumerateArray())
        {
            string Str(string k) =>
                i.GetProperty(k).ValueKind == JsonValueKind.Null ? string.Empty : i.GetProperty(k).ToString();
            string Vips(string k) => string.Join(" ", i.GetProperty(k).EnumerateArray().Select(v =>
                Vip(
                    $"{v.GetProperty("address").GetString()}/{v.GetProperty("prefix").GetInt32()}",
                    v.GetProperty("dev").GetString() ?? "-",
                    v.GetProperty("scope").GetString() ?? "global")));
            string Trackers(string k) => string.Join(" ", i.GetProperty(k).EnumerateArray()
                .Select(t => $"{t.GetProperty("name").GetString()}:{t.GetProperty("weight").GetInt32()}")
                .Order(StringComparer.Ordinal));
            var f = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["vrid"] = Str("vrid"),
                ["priority"] = Str("priority"),
                ["state"] = Str("state"),
                ["interface"] = Str("interface"),
                ["version"] = Str("version"),
                ["advert_ms"] = Str("advert_int_ms"),
                ["preempt"] = i.GetProperty("preempt").GetBoolean() ? "true" : "false",
                ["auth"] = Str("auth_type"),
                ["vips"] = Vips("virtual_ipaddresses"),
                ["vips_excluded"] = Vips("virtual_ipaddresses_excluded"),
                ["unicast_peers"] = string.Join(
                    " ",
                    i.GetProperty("unicast_peers")
                        .EnumerateArray()
                        .Select(p => p.GetString())
                        .Order(StringComparer.Ordinal)),
                ["track_scripts"] = Trackers("track_scripts"),
                ["track_interfaces"] = Trackers("track_interfaces"),
                ["sync_group"] = i.GetProperty("sync_group").ValueKind == JsonValueKind.Null
                    ? "-"
                    : i.GetProperty("sync_group").GetString()!,
            };
            result[i.GetProperty("name").GetString()!] = f;
        }
        return result;
    }
}
