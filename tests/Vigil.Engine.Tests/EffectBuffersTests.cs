using System.Net;
using Vigil.Core.Primitives;
using Vigil.Engine.Effects;
using static Vigil.Simulation.Configs;

namespace Vigil.Engine.Tests;

/// <summary>A burst of effects (1,000 instances becoming MASTER) must not leave the engine's buffer at its peak size
/// for the daemon's whole life.</summary>
public sealed class EffectBuffersTests
{
    [Fact]
    public void An_emptied_list_above_the_bound_goes_back_to_the_steady_size_and_a_small_one_is_left_alone()
    {
        var big = new List<int>(10_000);
        EffectBuffers.TrimAfterBurst(big);
        Assert.Equal(EffectBuffers.SteadyCapacity, big.Capacity);

        var small = new List<int>(EffectBuffers.TrimAbove);
        EffectBuffers.TrimAfterBurst(small);
        Assert.Equal(EffectBuffers.TrimAbove, small.Capacity);

        var full = new List<int>(10_000) { 1 };
        EffectBuffers.TrimAfterBurst(full);
        Assert.Equal(10_000, full.Capacity);
    }

    [Fact]
    public void The_engine_buffer_shrinks_once_a_start_up_burst_is_drained()
    {
        // 1,000 instances on four interfaces (a VRID is unique per interface and family).
        var h = new EngineHarness(Cluster(Enumerable.Range(0, 1000)
            .Select(i => Instance($"VI_{i}", i / 4 % 250 + 1, 100, $"198.51.100.{i % 250 + 1}/32")
                with { Version = 3, Interface = $"eth{i % 4}" })
            .ToArray()));
        for (int k = 1; k < 4; k++)
            h.Engine.OnInterfaceAddress($"eth{k}", IpFamily.IPv4, IPAddress.Parse($"192.0.2.{10 + k}"), h.Now);
        h.Advance(TimeSpan.FromSeconds(4)); // all MASTER: adverts, addresses, announcements and log lines
        Assert.True(h.Engine.EffectBufferCapacity > EffectBuffers.TrimAbove); // the burst, still pending
        h.Take();
        Assert.Contains(h.All, e => e is AddAddress);
        Assert.True(h.All.Count > EffectBuffers.TrimAbove);
        Assert.InRange(h.Engine.EffectBufferCapacity, 0, EffectBuffers.TrimAbove);
    }
}
