using System.Text;
using Vigil.Config;

namespace Vigil.Bench;

/// <summary>Builds a large realistic configuration in memory: a main file with parameters and global_defs that
/// includes 10 script files (100 vrrp_script each) and 10 instance files (100 vrrp_instance each).</summary>
public static class ConfigCorpusGenerator
{
    public const string MainPath = "/etc/keepalived/keepalived.conf";

    public static InMemoryConfigSource Build(int instances, out int totalLines)
    {
        var src = new InMemoryConfigSource();
        var main = new StringBuilder();
        main.Append("""
            ! generated: parameters, global_defs, includes
            $PRIO=100
            $ADV=1
            $NOTIFY=/usr/local/bin/notify
            global_defs {
                router_id bench
                enable_script_security
                script_user root
                vrrp_garp_master_refresh 60
            }
            include scripts.d/*.conf
            include instances.d/*.conf

            """);
        totalLines = CountLines(main);
        src.Add(MainPath, main.ToString());
        const int PerFile = 100;
        for (var f = 0; f < instances / PerFile; f++)
        {
            var scripts = new StringBuilder();
            var insts = new StringBuilder();
            for (var k = 0; k < PerFile; k++)
            {
                var n = f * PerFile + k;
                scripts.Append(
                    $"vrrp_script chk_{n} {{\n    script \"/usr/local/bin/check --id {n} 'svc {n}'\"\n" +
                    $"    interval 2\n    weight -10\n}}\n");
                insts.Append(
                    $"vrrp_instance VI_{n} {{\n    state BACKUP\n    interface eth{n / 250}\n" +
                    $"    virtual_router_id {n % 250 + 1}\n    priority $PRIO\n" +
                    $"    advert_int $ADV\n    virtual_ipaddress {{\n" +
                    $"        192.0.2.{n % 250 + 1}/24 dev eth{n / 250}\n" +
                    $"        198.51.100.{n % 250 + 1}/24\n    }}\n" +
                    $"    track_script {{\n        chk_{n} weight -20\n    }}\n" +
                    $"    notify_master \"${{NOTIFY}} master VI_{n}\"\n}}\n");
            }
            totalLines += CountLines(scripts) + CountLines(insts);
            src.Add($"/etc/keepalived/scripts.d/{f:D2}.conf", scripts.ToString());
            src.Add($"/etc/keepalived/instances.d/{f:D2}.conf", insts.ToString());
        }
        return src;
    }

    private static int CountLines(StringBuilder sb)
    {
        var n = 0;
        for (var i = 0; i < sb.Length; i++)
        {
            if (sb[i] == '\n')
                n++;
        }
        return n;
    }
}
