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
        Assert.Equal(
            "no VRRP instances configured",
            StatusLine.For(Fixtures.Snapshot().Engine with { Instances = [] }));
    }

    [Fact]
    public void A_stop_says_who_asked_for_it()
    {
        Assert.Equal(
            "Received SIGTERM",
            Vigil.Daemon.VigilDaemon.StopReason(
                new Vigil.Daemon.DriverInput.Signal(System.Runtime.InteropServices.PosixSignal.SIGTERM)));
        Assert.Equal(
            "Received SIGINT",
            Vigil.Daemon.VigilDaemon.StopReason(
                new Vigil.Daemon.DriverInput.Signal(System.Runtime.InteropServices.PosixSignal.SIGINT)));
        Assert.Equal("stop requested over the control socket",
            Vigil.Daemon.VigilDaemon.StopReason(
                new Vigil.Daemon.DriverInput.Stop("stop requested over the control socket")));
        Assert.Null(
            Vigil.Daemon.VigilDaemon.StopReason(
                new Vigil.Daemon.DriverInput.Signal(System.Runtime.InteropServices.PosixSignal.SIGHUP)));
    }
}
