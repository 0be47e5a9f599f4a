using CsCheck;
using Vigil.Core.Primitives;
using Vigil.Core.Tracking;
using Xunit;

namespace Vigil.Core.Tests.Tracking;

/// <summary>Random instances, trackers and results against a reference written straight from the spec's
/// contribution table and priority rules.</summary>
public class PriorityPropertyTests
{
    // The spec table, keyed by (sign of weight, reverse, OK?): "+" = +|w|, "-" = -|w|, "0", "F" = FAULT, "" = none.
    private static readonly Dictionary<(int Sign, bool Reverse, bool Ok), string> Table = new()
    {
        [(1, false, true)] = "+", [(1, false, false)] = "0",
        [(-1, false, true)] = "0", [(-1, false, false)] = "-",
        [(1, true, true)] = "-", [(1, true, false)] = "0",
        [(-1, true, true)] = "0", [(-1, true, false)] = "+",
        [(0, false, true)] = "", [(0, false, false)] = "F",
        [(0, true, true)] = "F", [(0, true, false)] = "",
    };

    [Fact]
    public void Total_effective_and_faults_follow_the_table()
    {
        var trackerGen = Gen.Select(Gen.Int[0, 3], Gen.Int[-253, 253], Gen.Bool);
        var resultGen = Gen.Select(Gen.Int[0, 3], Gen.Bool);
        Gen.Select(
            Gen.Int[1, 255],
            trackerGen.Array[0, 4],
            resultGen.Array[0, 30]).Sample((basePrio, trackers, results) =>
        {
            var table = new TrackingTable();
            for (int s = 0; s < 4; s++)
            {
                table.DeclareScript($"s{s}", rise: 1 + s % 2, fall: 1 + s / 2);
            }

            var vi = table.AddInstance("VI", basePrio);
            var tracked = new List<(string Script, int Weight, bool Reverse)>();
            foreach (var (script, weight, reverse) in trackers)
            {
                if (vi.TrackScript($"s{script}", weight, reverse))
                {
                    tracked.Add(($"s{script}", weight, reverse));
                }
            }

            foreach (var (script, success) in results)
            {
                table.ReportScriptResult($"s{script}", success);
            }

            int total = basePrio;
            var faults = new List<string>();
            foreach (var (script, weight, reverse) in tracked)
            {
                var state = table.FindScript(script)!.State;
                if (state == ScriptState.Init)
                {
                    if (weight == 0)
                    {
                        faults.Add("script " + script);
                    }

                    continue;
                }

                switch (Table[(Math.Sign(weight), reverse, state == ScriptState.Ok)])
                {
                    case "+": total += Math.Abs(weight); break;
                    case "-": total -= Math.Abs(weight); break;
                    case "F": faults.Add("script " + script); break;
                }
            }

            Assert.Equal(total, vi.TotalPriority);
            Assert.Equal(basePrio == 255 ? 255 : Math.Clamp(total, 1, 254), vi.EffectivePriority.Value);
            Assert.Equal(faults, vi.FaultReasons.Select(f => f.ToString()));
            Assert.Equal(vi.TotalPriority - basePrio, vi.TrackerReadings.Sum(s => s.Contribution));
        }, iter: 20_000);
    }
}
