using Vigil.Core.Tracking;
using Xunit;

namespace Vigil.Core.Tests.Tracking;

/// <summary>A script result that changes nothing costs no allocation per instance: a node with 200 instances and
/// 200 scripts at interval 1 feeds 200 results a second, and each one visits every instance.</summary>
public class SteadyResultAllocationTests
{
    [Fact]
    public void A_repeated_result_allocates_the_same_with_one_instance_or_two_hundred()
    {
        // A first pass of each size pays one-time costs (tier-up, type loading) that the thread's counter also sees.
        AllocatedPerResult(instances: 1);
        AllocatedPerResult(instances: 200);
        long few = AllocatedPerResult(instances: 1);
        long many = AllocatedPerResult(instances: 200);
        Assert.Equal(few, many);
    }

    private static long AllocatedPerResult(int instances)
    {
        var t = new TrackingTable();
        t.DeclareScript("chk");
        for (int i = 0; i < instances; i++)
        {
            t.AddInstance($"VI_{i}", 100).TrackScript("chk", -20);
        }

        // Past INIT: the first results move the instances; afterwards each result is the same as the last.
        for (int i = 0; i < 5; i++)
        {
            t.ReportScriptResult("chk", success: true);
        }

        const int Rounds = 100;
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < Rounds; i++)
        {
            Assert.Empty(t.ReportScriptResult("chk", success: true).Instances);
        }

        return (GC.GetAllocatedBytesForCurrentThread() - before) / Rounds;
    }
}
