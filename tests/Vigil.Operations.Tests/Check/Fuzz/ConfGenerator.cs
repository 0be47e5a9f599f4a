using System.Globalization;

namespace Vigil.Operations.Tests.Check.Fuzz;

/// <summary>Seeded grammar-based generator of keepalived.conf files over the VRRP keywords, their value ranges
/// (with out-of-range and wrong-type values now and then) and the lexical features: includes, $parameters, @id
/// lines, comments, quoting, broken braces, missing values, duplicate names, unknown keywords and LVS sections.
/// Mostly valid input with a few faults per file, so each file tests a few rules at once. Scripts are only
/// /bin/true and /bin/false: keepalived's daemon runs them when the fuzzer asks it for its dump.</summary>
internal sealed class ConfGenerator(int seed)
{
    private readonly Random _r = new(seed);
    private readonly List<string> _scripts = [];
    private readonly List<string> _instances = [];
    private readonly List<string> _params = [];
    private int _includes;

    /// <summary>Interfaces the fuzz namespace has; eth9 never exists.</summary>
    public static readonly string[] Interfaces = ["eth0", "eth1"];

    private bool P(double p) => _r.NextDouble() < p;
    private T Pick<T>(params T[] xs) => xs[_r.Next(xs.Length)];
    private int Int(int lo, int hi) => _r.Next(lo, hi + 1);
    private static string S(int v) => v.ToString(CultureInfo.InvariantCulture);

    public ConfFile Generate()
    {
        var top = new List<ConfNode>();
        if (P(0.15))
        {
            var name = "P" + S(Int(1, 3));
            _params.Add(name);
            top.Add(ConfNode.Line($"${name}={Pick("150", "eth0", "7", "/bin/true")}"));
        }
        if (P(0.8))
            top.Add(Global());
        var nScripts = Int(0, 3);
        for (var i = 0; i < nScripts; i++)
            top.Add(Script());
        var nInst = Int(1, 3);
        for (var i = 0; i < nInst; i++)
            top.Add(Instance());
        if (P(0.25))
            top.Add(SyncGroup());
        if (P(0.1))
            top.Add(VirtualServer());
        if (P(0.05))
            top.Add(ConfNode.Line(Pick("vrrp_instanse X {", "garbage_keyword 1", "vrrp_scrip x")));
        if (P(0.08))
            top.Add(Include());
        Shuffle(top);
        Lexical(top);
        return new ConfFile(top);
    }

    private void Shuffle(List<ConfNode> top)
    {
        // Sections mostly in the usual order (scripts before the instances that track them), sometimes swapped.
        if (top.Count > 1 && P(0.15))
        {
            var i = _r.Next(top.Count - 1);
            (top[i], top[i + 1]) = (top[i + 1], top[i]);
        }
    }

    /// <summary>Comments, @id prefixes, missing closing braces, sprinkled over the finished tree.</summary>
    private void Lexical(List<ConfNode> top)
    {
        foreach (var list in new ConfFile(top).Lists().ToList())
        {
            foreach (var n in list)
            {
                if (n.Block is null && P(0.04))
                    n.Text += Pick(" # trailing comment", " ! bang comment", "   ");
                if (n.Block is null && P(0.02) && !n.Text.StartsWith('$'))
                    n.Text = Pick("@fuzz ", "@other ", "@^other ", "@^fuzz ") + n.Text;
            }
            if (P(0.05))
            {
                list.Insert(
                    _r.Next(list.Count + 1),
                    ConfNode.Line(Pick("# a comment line", "! another", "#include nothing")));
            }
        }
        if (P(0.03) && top.Count > 0)
        {
            var i = _r.Next(top.Count);
            if (top[i].Block is not null)
                top[i] = new ConfNode(top[i].Text, top[i].Block) { DropClose = true };
        }
        if (P(0.02))
            top.Add(ConfNode.Line("}"));
    }

    private string Value(string good)
    {
        if (_params.Count > 0 && P(0.05))
            return "$" + Pick([.. _params]);
        return good;
    }

    /// <summary>A keyword line whose value is sometimes missing or of the wrong type.</summary>
    private ConfNode Kw(string keyword, string value)
    {
        if (P(0.004))
            return ConfNode.Line(keyword);
        if (P(0.01))
            return ConfNode.Line($"{keyword} {Pick("abc", "-1", "1x", "99999999999")}");
        return ConfNode.Line($"{keyword} {Value(value)}");
    }

    private ConfNode Global()
    {
        var c = new List<ConfNode>();
        if (P(0.6))
            c.Add(ConfNode.Line("enable_script_security"));
        if (P(0.6))
            c.Add(ConfNode.Line("script_user " + Pick("root", "root", "root", "nosuchuser", "keepalived_script")));
        if (P(0.2))
            c.Add(Kw("router_id", Pick("r1", "node-a")));
        if (P(0.15))
            c.Add(Kw("vrrp_version", Pick("2", "3", "3", "4")));
        if (P(0.08))
            c.Add(ConfNode.Line("vrrp_strict"));
        if (P(0.05))
            c.Add(ConfNode.Line("dynamic_interfaces"));
        if (P(0.1))
            c.Add(Kw("vrrp_garp_master_delay", S(Int(0, 12))));
        if (P(0.1))
            c.Add(Kw("vrrp_mcast_group4", Pick("224.0.0.19", "239.0.0.1", "192.0.2.1")));
        if (P(0.05))
        {
            c.Add(
                ConfNode.Line(
                    Pick(
                        "notification_email_from a@example.com",
                        "smtp_connect_timeout 30",
                        "lvs_id X",
                        "unknown_global 1")));
        }

        return new ConfNode("global_defs", c);
    }

    private ConfNode Script()
    {
        var name = _scripts.Count > 0 && P(0.05) ? Pick([.. _scripts]) : "chk" + S(_scripts.Count + 1);
        _scripts.Add(name);
        var c = new List<ConfNode>();
        if (P(0.95))
        {
            var cmd = Pick("/bin/true", "/bin/false", "/bin/true", "/usr/bin/true");
            c.Add(ConfNode.Line(P(0.5) ? $"script \"{cmd}\"" : $"script {cmd}"));
        }
        if (P(0.5))
            // not 0.5: there Vigil follows keepalived 2.3.2+, not 2.2.7
            c.Add(Kw("interval", Pick("1", "2", "5", "0", "0.0001")));
        if (P(0.5))
            c.Add(Kw("weight", S(Pick(Int(-50, 50), Int(-254, 254), -255, 255, 0))));
        if (P(0.2))
            c.Add(Kw("fall", S(Int(0, 5))));
        if (P(0.2))
            c.Add(Kw("rise", S(Int(0, 5))));
        if (P(0.15))
            c.Add(Kw("timeout", S(Int(0, 5))));
        if (P(0.12))
            c.Add(ConfNode.Line("user " + Pick("root", "nosuchuser", "root root")));
        if (P(0.05))
            c.Add(ConfNode.Line("init_fail"));
        return new ConfNode("vrrp_script " + name, c);
    }

    private string Addr4() => $"{Pick("192.0.2", "198.51.100")}.{Int(1, 254)}";
    private string Addr6() => $"2001:db8::{Int(1, 999):x}";

    private ConfNode Vip(bool v6)
    {
        var a = v6 ? Addr6() : Addr4();
        if (P(0.03))
            a = Pick("192.0.2.300", "2001:db8::zz", "not-an-ip", "192.0.2");
        if (P(0.3))
            a += "/" + S(v6 ? Pick(64, 128, 48) : Pick(24, 32, 28, 33));
        if (P(0.2))
            a += " dev " + (P(0.05) ? "eth9" : Pick("eth0", "eth1", "eth1"));
        if (P(0.08))
            a += " scope " + Pick("link", "host", "global", "bogus");
        if (P(0.05))
            a += " label eth0:" + S(Int(1, 9));
        if (P(0.03))
            a += " no_track";
        return ConfNode.Line(a);
    }

    private ConfNode Instance()
    {
        var name = _instances.Count > 0 && P(0.03) ? Pick([.. _instances]) : "VI_" + S(_instances.Count + 1);
        _instances.Add(name);
        var c = new List<ConfNode>();
        var v6 = P(0.15);
        if (P(0.85))
            c.Add(Kw("state", Pick("MASTER", "BACKUP", "BACKUP", "master", "FAULT")));
        if (P(0.99))
            c.Add(Kw("interface", P(0.03) ? Pick("eth9", "lo") : Pick("eth0", "eth0", "eth1")));
        if (P(0.99))
            c.Add(Kw("virtual_router_id", S(P(0.95) ? Int(1, 255) : Pick(0, 256, 1000))));
        if (P(0.85))
            c.Add(Kw("priority", S(P(0.9) ? Int(1, 254) : Pick(0, 255, 256))));
        if (P(0.5))
            c.Add(Kw("advert_int", Pick("1", "2", "3", "0.5", "1.5", "0.01", "40.95", "41", "255", "256", "0")));
        if (P(0.2))
            c.Add(ConfNode.Line("nopreempt"));
        if (P(0.1))
            c.Add(Kw("preempt_delay", S(Int(0, 1001))));
        if (P(0.12))
            c.Add(Kw("version", Pick("2", "3", "3", "1")));
        if (P(0.05))
            c.Add(ConfNode.Line("native_ipv6"));
        if (P(0.08))
        {
            c.Add(
                ConfNode.Line(
                    Pick(
                        "accept", "no_accept", "strict_mode", "dont_track_primary", "lower_prio_no_advert",
                        "garp_master_delay 3", "garp_master_repeat 2")));
        }

        if (P(0.25))
        {
            var auth = new List<ConfNode>();
            if (P(0.95))
                auth.Add(ConfNode.Line("auth_type " + Pick("PASS", "PASS", "AH", "pass", "NONE")));
            if (P(0.9))
                auth.Add(ConfNode.Line("auth_pass " + Pick("secret", "\"se cret\"", "123456789", "longpassword", "x")));
            c.Add(new ConfNode("authentication", auth));
        }
        if (P(0.92))
        {
            var vips = new List<ConfNode>();
            var n = Int(1, 3);
            for (var i = 0; i < n; i++)
                vips.Add(Vip(P(0.05) ? !v6 : v6));
            c.Add(new ConfNode("virtual_ipaddress", vips) { Inline = n == 1 && P(0.5) });
        }
        if (P(0.1))
            c.Add(new ConfNode("virtual_ipaddress_excluded", [Vip(P(0.5))]));
        var unicast = P(0.2);
        if (unicast)
        {
            if (P(0.7))
                c.Add(Kw("unicast_src_ip", v6 ? Addr6() : Addr4()));
            var peers = new List<ConfNode>();
            var n = Int(0, 2);
            for (var i = 0; i < n; i++)
                peers.Add(ConfNode.Line(P(0.05) ? "192.0.2.999" : v6 ? Addr6() : Addr4()));
            c.Add(new ConfNode("unicast_peer", peers));
        }
        if (P(0.1))
        {
            c.Add(ConfNode.Line(P(0.5) ? "use_vmac" : "use_vmac vm" + S(Int(1, 9))));
            if (P(0.3))
                c.Add(ConfNode.Line("vmac_xmit_base"));
        }
        if (P(0.2))
        {
            var t = new List<ConfNode>();
            var n = Int(1, 2);
            for (var i = 0; i < n; i++)
            {
                t.Add(
                    ConfNode.Line(
                        (P(0.08) ? "eth9" : Pick("eth0", "eth1")) +
                        (P(0.4) ? " weight " + S(Pick(Int(-50, 50), 254, -254, 255)) : string.Empty)));
            }

            c.Add(new ConfNode("track_interface", t));
        }
        if (P(0.45))
        {
            var t = new List<ConfNode>();
            var n = Int(1, 2);
            for (var i = 0; i < n; i++)
            {
                var s = _scripts.Count > 0 && P(0.9) ? Pick([.. _scripts]) : "chk_missing";
                t.Add(ConfNode.Line(s + (P(0.3) ? " weight " + S(Int(-60, 60)) : string.Empty)));
            }
            c.Add(new ConfNode("track_script", t));
        }
        if (P(0.15))
        {
            c.Add(
                ConfNode.Line(
                    Pick("notify_master", "notify_backup", "notify_fault", "notify") +
                    " " +
                    Pick("/bin/true", "\"/bin/true arg\"")));
        }

        if (P(0.05))
        {
            var rules = new List<ConfNode>
            {
                ConfNode.Line(
                    $"from {Addr4()} table {Int(1, 100)}" +
                    Pick(string.Empty, " preference 100", " priority 50", " prio 10"))
            };
            c.Add(new ConfNode("virtual_rules", rules));
        }
        if (P(0.04))
        {
            c.Add(
                ConfNode.Line(
                    Pick(
                        "virtual_router",
                        "priorty 100",
                        "advert_intervall 1",
                        "track_scrip { chk1 }",
                        "nat_mask 255.255.255.0")));
        }

        Shuffle(c);
        return new ConfNode("vrrp_instance " + name, c);
    }

    private ConfNode SyncGroup()
    {
        var c = new List<ConfNode>();
        var members = _instances.Distinct().Where(_ => P(0.8)).ToList();
        if (P(0.1))
            members.Add("VI_missing");
        if (P(0.12))
            c.Add(ConfNode.Line(string.Join(' ', members.DefaultIfEmpty("VI_1"))));
        else
            c.Add(new ConfNode("group", [.. members.Select(ConfNode.Line)]));
        if (P(0.2) && _scripts.Count > 0)
            c.Add(new ConfNode("track_script", [ConfNode.Line(Pick([.. _scripts]))]));
        if (P(0.1))
            c.Add(ConfNode.Line("notify_master /bin/true"));
        if (P(0.05))
            c.Add(ConfNode.Line("global_tracking"));
        return new ConfNode("vrrp_sync_group G" + S(Int(1, 2)), c);
    }

    private ConfNode VirtualServer()
    {
        var kind = Pick("TCP_CHECK", "HTTP_GET", "MISC_CHECK");
        var check = new ConfNode(kind, [
            ConfNode.Line("connect_timeout 3"),
            ConfNode.Line(Pick("nb_get_retry 3", "retry 3", "delay_before_retry 2", "connect_port 80")),
        ]);
        // keepalived 2.2.7's -t crashes (SIGSEGV) on an HTTP_GET without url in some files: always give one.
        if (kind == "HTTP_GET")
            check.Block!.Add(new ConfNode("url", [ConfNode.Line("path /"), ConfNode.Line("status_code 200")]));
        var rs = new ConfNode($"real_server {Addr4()} 80", [ConfNode.Line("weight 1"), check]);
        var c = new List<ConfNode>
        {
            ConfNode.Line("delay_loop 6"),
            ConfNode.Line(Pick("lb_algo rr", "lvs_sched wrr")),
            ConfNode.Line(Pick("lb_kind NAT", "lvs_method DR")),
            ConfNode.Line("protocol TCP"),
        };
        if (P(0.4))
        {
            c.Add(
                ConfNode.Line(
                    Pick("nat_mask 255.255.255.0", "persistence_timeout 50", "nb_get_retry 3", "virtualhost x")));
        }

        c.Add(rs);
        return new ConfNode($"virtual_server {Addr4()} 80", c);
    }

    private ConfNode Include()
    {
        var name = $"inc{++_includes}.conf";
        var body = new List<ConfNode> { P(0.5) ? Script() : Instance() };
        return new ConfNode("include " + name) { Included = body, IncludedName = name };
    }
}
