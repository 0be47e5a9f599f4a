using System.Globalization;
using System.Text;

namespace Vigil.Operations.Status;

/// <summary>Renders <c>vigil status</c> for a terminal from the daemon's JSON document (the same bytes
/// <c>--json</c> prints, read back by StatusJsonReader), so what a person reads and what a script parses can never
/// disagree.</summary>
public static class StatusTableRenderer
{
    public static string Render(StatusDocument document, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(document);
        var output = new StringBuilder();
        var daemon = document.Daemon;
        var started = Ago.Parse(daemon.StartedAt);
        var loaded = Ago.Parse(daemon.ConfigLoadedAt);
        output.Append(CultureInfo.InvariantCulture,
            $"vigil {Dash(daemon.Version)}  pid {daemon.Pid}  config {Dash(daemon.Config)}");
        if (started is { } s)
            output.Append(CultureInfo.InvariantCulture, $"  up {Ago.Format(now - s)}");
        if (loaded is { } l)
            output.Append(CultureInfo.InvariantCulture, $"  loaded {Ago.Format(now - l)} ago");
        output.Append("\n\n");

        var instances = document.Instances;
        if (instances.Count == 0)
        {
            output.Append("no VRRP instances configured\n");
        }
        else
        {
            var table = new TextTable(("INSTANCE", false), ("STATE", false), ("VRID", true), ("INTERFACE", false),
                ("PRIORITY", true), ("BASE", true), ("MASTER", false), ("SINCE", true), ("VIRTUAL ADDRESSES", false));
            foreach (var i in instances)
            {
                var since = Ago.Parse(i.LastTransitionAt) is { } t ? Ago.Format(now - t) : "-";
                var master = i.State == "MASTER" ? "this node" : Dash(i.MasterAddress);
                var vips = i.VirtualIpaddresses;
                table.Add(Dash(i.Name), Dash(i.State), Number(i.Vrid), Dash(i.Interface), Number(i.EffectivePriority),
                    Number(i.BasePriority), master, since, vips.Count == 0 ? "-" : string.Join(' ', vips));
            }
            table.WriteTo(output);
            foreach (var i in instances)
            {
                if (i.FaultReasons.Count > 0)
                {
                    output.Append(
                        CultureInfo.InvariantCulture,
                        $"  {i.Name}: fault: {string.Join("; ", i.FaultReasons)}\n");
                }

                foreach (var tr in i.Trackers)
                {
                    if (tr.Contribution != 0)
                    {
                        output.Append(CultureInfo.InvariantCulture,
                            $"  {i.Name}: {tr.Kind} {tr.Name} is {tr.State}: {tr.Contribution:+#;-#;0}\n");
                    }
                }
            }
        }

        var scripts = document.Scripts;
        if (scripts.Count > 0)
        {
            output.Append('\n');
            var table = new TextTable(
                ("SCRIPT", false),
                ("STATE", false),
                ("RESULT", false),
                ("RUNS", true),
                ("LAST RUN", false));
            foreach (var sc in scripts)
            {
                var last = sc.LastExitStatus is { } exit
                    ? $"exit {exit}" + (sc.LastDurationMs is { } ms ? $" in {ms} ms" : "")
                    : sc.Runs > 0 ? "no exit status (timed out, killed or not started)" : "not run yet";
                table.Add(
                    Dash(sc.Name),
                    Dash(sc.State),
                    $"{sc.Result} (rise {sc.Rise}, fall {sc.Fall})",
                    Number(sc.Runs),
                    last);
            }
            table.WriteTo(output);
        }
        return output.ToString();
    }

    /// <summary>"-" for a value the daemon did not give.</summary>
    internal static string Dash(string? value) => string.IsNullOrEmpty(value) ? "-" : value;

    internal static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);
}
