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
    private VrrpEngine _engine = null!;
    private EffectPump _pump = null!;
    private CountingWorld _world = null!;

    [GlobalSetup]
    public void Setup()
    {
        var now = MonotonicTime.FromMilliseconds(1000);
        _engine = new VrrpEngine();
        _engine.OnInterfaceAddress("eth0", IpFamily.IPv4, IPAddress.Parse("192.0.2.10"), now);
        // An address owner (priority 255) is MASTER on the first timer.
        _engine.Load(Configs.Cluster(Configs.Instance("VI_1", 1, 255, "198.51.100.1/24")), now);
        _world = new CountingWorld();
        _pump = new EffectPump(_engine, new EnginePorts
        {
            Adverts = _world, Addresses = _world, Announcer = _world, Scripts = _world, Fifo = _world, Alerts = _world,
            Log = _world, Clock = _world, Routes = _world,
        });
        // Past start-up, becoming MASTER and its gratuitous ARPs: from here on only adverts are due.
        for (var i = 0; i < 20; i++)
        {
            _world.Now = _engine.NextDeadline;
            _engine.OnTimer(_world.Now);
            _pump.Run();
        }
    }

    [Benchmark(OperationsPerInvoke = 1000)]
    public long SendAdvertAsMaster()
    {
        for (var i = 0; i < 1000; i++)
        {
            var due = _engine.NextDeadline;
            _world.Now = due;
            _engine.OnTimer(due);
            _pump.Run();
        }

        return _world.Adverts;
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
