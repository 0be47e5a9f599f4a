using System.Globalization;
using System.Text;

namespace Vigil.Lab;

/// <summary>The live table of the interactive lab.</summary>
public static class LabTable
{
    public static string Render(
        string description,
        IReadOnlyList<LabRow> rows,
        int selected,
        IReadOnlyList<string> events)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(events);
        var o = new StringBuilder();
        o.Append("Vigil lab: ").Append(description).Append('\n');
        o.Append(
            CultureInfo.InvariantCulture,
            $"virtual address {LabConfig.VirtualAddress}; health check weight {LabConfig.CheckWeight}\n\n");
        o.Append("   NODE  STATE     PRIORITY  HOLDS VIP    CHECK   LINK\n");
        foreach (var r in rows)
        {
            var index = int.Parse(r.Node[1..], CultureInfo.InvariantCulture);
            o.Append(CultureInfo.InvariantCulture,
                $" {(index == selected ? ">" : " ")} {r.Node,-5} {r.State,-9} {Priority(r),8}  {Holds(r),-11}  " +
                $"{(r.CheckFailing ? "FAIL" : "ok"),-6}  {(r.LinkCut ? "CUT" : "up")}\n");
        }
        foreach (var r in rows.Where(LeftBehind))
        {
            o.Append(CultureInfo.InvariantCulture,
                $"   {r.Node}: left behind by the crash: kill -9 gave it no chance to " +
                $"remove {LabConfig.VirtualAddress}; it goes when {r.Node} starts again (s)\n");
        }
        o.Append('\n');
        o.Append(
            "keys: 1-9 select node  k kill -9  s start  f fail/heal check  c cut/reconnect link  r restore all  q " +
            "quit\n");
        if (events.Count > 0)
        {
            o.Append('\n');
            foreach (var e in events)
                o.Append(e).Append('\n');
        }
        return o.ToString();
    }

    /// <summary>Advertised over base priority. A FAULT instance advertises nothing a peer could prefer: its priority
    /// counts as 0, whatever its base, so the row says 0 rather than a figure that would look electable.</summary>
    public static string Priority(LabRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        if (row.EffectivePriority is not { } effective)
            return "-";
        var shown = row.State == "FAULT" ? 0 : effective;
        return string.Create(CultureInfo.InvariantCulture, $"{shown}/{row.BasePriority}");
    }

    /// <summary>A node that is down yet still has the address: killed with kill -9, which skips the clean-up.</summary>
    public static bool LeftBehind(LabRow row) => row is { State: "DOWN", HoldsAddress: true };

    private static string Holds(LabRow row) => LeftBehind(row) ? "left behind" : row.HoldsAddress ? "yes" : "-";
}
