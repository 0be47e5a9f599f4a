using System.Globalization;
using System.Text;

namespace Vigil.Lab;

/// <summary>The live table of the interactive lab.</summary>
public static class LabTable
{
    public static string Render(string description, IReadOnlyList<LabRow> rows, int selected, IReadOnlyList<string> events)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(events);
        var o = new StringBuilder();
        o.Append("Vigil lab: ").Append(description).Append('\n');
        o.Append(CultureInfo.InvariantCulture, $"virtual address {LabConfig.VirtualAddress}; health check weight {LabConfig.CheckWeight}\n\n");
        o.Append("   NODE  STATE     PRIORITY  HOLDS VIP  CHECK   LINK\n");
        foreach (var r in rows)
        {
            var index = int.Parse(r.Node[1..], CultureInfo.InvariantCulture);
            var priority = r.EffectivePriority is { } e ? $"{e}/{r.BasePriority}" : "-";
            o.Append(CultureInfo.InvariantCulture,
                $" {(index == selected ? ">" : " ")} {r.Node,-5} {r.State,-9} {priority,8}  {(r.HoldsAddress ? "yes" : "-"),-9}  {(r.CheckFailing ? "FAIL" : "ok"),-6}  {(r.LinkCut ? "CUT" : "up")}\n");
        }
        o.Append('\n');
        o.Append("keys: 1-9 select node  k kill -9  s start  f fail/heal check  c cut/reconnect link  r restore all  q quit\n");
        if (events.Count > 0)
        {
            o.Append('\n');
            foreach (var e in events)
                o.Append(e).Append('\n');
        }
        return o.ToString();
    }
}
