using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Vigil.Operations.Status;

/// <summary>Renders <c>vigil status</c> for a terminal from the daemon's JSON document (the same bytes
/// <c>--json</c> prints), so what a person reads and what a script parses can never disagree.</summary>
public static class StatusTableRenderer
{
    public static string Render(JsonElement root, DateTimeOffset now)
    {
        var output = new StringBuilder();
        var daemon = root.Obj("daemon");
        var started = daemon.Time("started_at");
        var loaded = daemon.Time("config_loaded_at");
        output.Append(CultureInfo.InvariantCulture,
            $"vigil {daemon.Str("version")}  pid {daemon.Str("pid")}  config {daemon.Str("config")}");
        if (started is { } s)
            output.Append(CultureInfo.InvariantCulture, $"  up {JsonRead.Ago(now - s)}");
        if (loaded is { } l)
            output.Append(CultureInfo.InvariantCulture, $"  loaded {JsonRead.Ago(now - l)} ago");
        output.Append("\n\n");

        var instances = root.Arr("instances").ToList();
        if (instances.Count == 0)
            output.Append("no VRRP instances configured\n");
        else
        {
            var table = new TextTable(("INSTANCE", false), ("STATE", false), ("VRID", true), ("INTERFACE", false),
                ("PRIORITY", true), ("BASE", true), ("MASTER", false), ("SINCE", true), ("VIRTUAL ADDRESSES", false));
            foreach (var i in instances)
            {
                var since = i.Time("last_transition_at") is { } t ? JsonRead.Ago(now - t) : "-";
                var master = i.Str("state") == "MASTER" ? "this node" : i.Str("master_address");
                var vips = i.Arr("virtual_ipaddresses").Select(v => v.GetString() ?? "").ToList();
                table.Add(i.Str("name"), i.Str("state"), i.Str("vrid"), i.Str("interface"), i.Str("effective_priority"),
                    i.Str("base_priority"), master, since, vips.Count == 0 ? "-" : string.Join(' ', vips));
            }
            table.WriteTo(output);
            foreach (var i in instances)
            {
                var faults = i.Arr("fault_reasons").Select(f => f.GetString()).ToList();
                if (faults.Count > 0)
                    output.Append(CultureInfo.InvariantCulture, $"  {i.Str("name")}: fault: {string.Join("; ", faults)}\n");
                foreach (var tr in i.Arr("trackers"))
                {
                    if (tr.Num("contribution") is { } c && c != 0)
                        output.Append(CultureInfo.InvariantCulture,
                            $"  {i.Str("name")}: {tr.Str("kind")} {tr.Str("name")} is {tr.Str("state")}: {c:+#;-#;0}\n");
                }
            }
        }

        var scripts = root.Arr("scripts").ToList();
        if (scripts.Count > 0)
        {
            output.Append('\n');
            var table = new TextTable(("SCRIPT", false), ("STATE", false), ("RESULT", false), ("RUNS", true), ("LAST RUN", false));
            foreach (var sc in scripts)
            {
                var last = sc.Num("last_exit_status") is { } exit
                    ? $"exit {exit}" + (sc.Num("last_duration_ms") is { } ms ? $" in {ms} ms" : "")
                    : sc.Num("runs") is > 0 ? "no exit status (timed out, killed or not started)" : "not run yet";
                table.Add(sc.Str("name"), sc.Str("state"), $"{sc.Str("result")} (rise {sc.Str("rise")}, fall {sc.Str("fall")})",
                    sc.Str("runs"), last);
            }
            table.WriteTo(output);
        }
        return output.ToString();
    }
}
