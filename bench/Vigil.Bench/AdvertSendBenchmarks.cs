using System.Net;
using BenchmarkDotNet.Attributes;
using Vigil.Core.Primitives;
using Vigil.Engine;
using Vigil.Engine.Effects;
using Vigil.Engine.Events;
using Vigil.Engine.Ports;
using Vigil.Simulation;

namespace Vigil.Bench;

/// <summary>
/// The steady state of a MASTER: its advert timer fires, the engine emits the cached advert, and the one
/// <see cref="EffectPump"/> hands it to the transport port (here one that only counts). Must allocate nothing.
/// <c>Vigil.Bench --filter '*AdvertSend*' --job short</c>
/// </summary>
[MemoryDiagnoser]
public class AdvertSendBenchmarks
{
    private VrrpEngine engine = null!;
    private EffectPump pump = null!;
    private CountingWorld world = null!;

    [GlobalSetup]
    public void Setup()
    {
        var now = MonotonicTime.FromMilliseconds(1000);
        engine = new VrrpEngine();
        engine.OnInterfaceAddress("eth0", IpFamily.IPv4, IPAddress.Parse("192.0.2.10"), now);
        // An address owner (priority 255) is MASTER on the first timer.
        engine.Load(Configs.Cluster(Configs.Instance("VI_1", 1, 255, "198.51.100.1/24")), now);
        world = new CountingWorld();
        pump = new EffectPump(engine, new EnginePorts
        {
            Adverts = world, Addresses = world, Announcer = world, Scripts = world, Fifo = world, Alerts = world,
            Log = world, Clock = world, Routes = world,
        });
        // Past start-up, becoming MASTER and its gratuitous ARPs: from here on only adverts are due.
        for (var i = 0; i < 20; i++)
        {
            world.Now = engine.NextDeadline;
            engine.OnTimer(world.Now);
            pump.Run();
        }
    }

    [Benchmark(OperationsPerInvoke = 1000)]
    public long SendAdvertAsMaster()
    {
        for (var i = 0; i < 1000; i++)
        {
            var due = engine.NextDeadline;
            world.Now = due;
            engine.OnTimer(due);
            pump.Run();
        }

        return world.Adverts;
    }

    private sealed class CountingWorld : IAdvertTransport, IAddressTable, IAnnouncer, IScriptRunner, INotifyFifo,
        IAlertSender, ILogSink, IClock, IRouteTable
    {
        public void Apply(
            IReadOnlyList<RouteTableChange> changes,
            List<(RouteTableChange Change, string Error)> failures)
        {
        }

        public long Adverts;

        public MonotonicTime Now { get; set; }

        public void Send(SendAdvert advert) => Adverts += advert.Payload.Length > 0 ? 1 : 0;

        public AddressResult Add(AddAddress add) => new(add.Instance, add.Address, AddressOperation.Add, true, null);

        public AddressResult Remove(RemoveAddress remove) =>
            new(remove.Instance, remove.Address, AddressOperation.Remove, true, null);

        public void PromoteSecondaries(PromoteSecondaries promote)
        {
        }

        public void Announce(Announce announce)
        {
        }

        public void Start(RunScript run)
        {
        }

        public void Notify(RunNotify notify)
        {
        }

        public void Write(WriteFifo line)
        {
        }

        public void Send(MailAlert alert)
        {
        }

        public void Write(LogLine line)
        {
        }
    }
}
