using Vigil.Core.Primitives;
using Vigil.Operations.Hosting;
using Vigil.Operations.Metrics;

namespace Vigil.Operations.Tests.Hosting;

public sealed class HostingPureTests
{
    [Fact]
    public void The_status_line_lists_few_instances_and_counts_many()
    {
        Assert.Equal("VI_1 BACKUP, VI_2 MASTER, VI_3 FAULT", StatusLine.For(Fixtures.Snapshot().Engine));

        var many = Enumerable.Range(1, 10).Select(i => Fixtures.Backup() with
        {
            Name = $"VI_{i}",
            State = i <= 3 ? VrrpState.Master : VrrpState.Backup,
        }).ToArray();
        Assert.Equal("10 instances: 7 BACKUP, 3 MASTER", StatusLine.For(Fixtures.Snapshot(many).Engine));
        Assert.Equal("no VRRP instances configured", StatusLine.For(Fixtures.Snapshot().Engine with { Instances = [] }));
    }
}
