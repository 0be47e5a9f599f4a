using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Runtime.CompilerServices;
using Vigil.Engine.Effects;
using Vigil.Engine.Events;
using Vigil.Engine.Ports;

namespace Vigil.Daemon;

/// <summary>
/// Compiles the protocol path before it is first needed. A backup runs its "become MASTER" code for the first
/// time exactly when a failover happens; left to the JIT, that first run costs milliseconds of compilation
/// right where the RFC timers matter (measured by bench/failover). Compiling every non-generic method of the
/// core, engine and adapter assemblies at start-up moves that cost to before the first advert.
/// </summary>
public static class Warmup
{
    public static TimeSpan CompileProtocolPath()
    {
        var started = Stopwatch.GetTimestamp();
        // A native (NativeAOT) build is compiled ahead of time: there is no JIT to warm, and the reflection walk
        // below would only defeat trimming. The AOT compiler treats this property as the constant false.
        if (RuntimeFeature.IsDynamicCodeCompiled)
            CompileEveryMethod();
        Rehearse(3);
        Rehearse(2);
        return Stopwatch.GetElapsedTime(started);
    }

    [UnconditionalSuppressMessage(
        "Trimming",
        "IL2026",
        Justification = "JIT builds only; missing members are skipped.")]
    [UnconditionalSuppressMessage(
        "Trimming",
        "IL2065",
        Justification = "JIT builds only; missing members are skipped.")]
    [UnconditionalSuppressMessage(
        "Trimming",
        "IL2070",
        Justification = "JIT builds only; missing members are skipped.")]
    [UnconditionalSuppressMessage(
        "Trimming",
        "IL2075",
        Justification = "JIT builds only; missing members are skipped.")]
    private static void CompileEveryMethod()
    {
        Assembly[] assemblies =
        [
            typeof(Core.Primitives.MonotonicTime).Assembly,
            typeof(Engine.VrrpEngine).Assembly,
            typeof(Linux.Sockets.VrrpSocket).Assembly,
            typeof(Warmup).Assembly,
        ];
        const BindingFlags all = BindingFlags.DeclaredOnly | BindingFlags.Public | BindingFlags.NonPublic
            | BindingFlags.Instance | BindingFlags.Static;
        foreach (var assembly in assemblies)
        {
            Type?[] types;
            try
            {
                types = assembly.GetTypes();
            }
            catch (ReflectionTypeLoadException e)
            {
                types = e.Types;
            }
            foreach (var type in types)
            {
                if (type is null || type.ContainsGenericParameters)
                    continue;
                foreach (var method in type.GetMethods(all).Cast<MethodBase>().Concat(type.GetConstructors(all)))
                {
                    if (method.IsAbstract || method.ContainsGenericParameters || method.GetMethodBody() is null)
                        continue;
                    try
                    {
                        RuntimeHelpers.PrepareMethod(method.MethodHandle);
                    }
                    catch (Exception e) when (e is ArgumentException
                        or InvalidOperationException
                        or NotSupportedException
                        or BadImageFormatException or TypeLoadException)
                    {
                    }
                }
            }
        }
    }

    /// <summary>
    /// Runs a private engine on a fictitious interface through start-up, master-down, becoming MASTER, adverts,
    /// announcements and stop, on a virtual clock, discarding every effect. This loads the types, generic
    /// instantiations and static state of the transition path that compiling alone does not touch.
    /// </summary>
    private static void Rehearse(int version)
    {
        var engine = new Engine.VrrpEngine();
        var t = new Core.Primitives.MonotonicTime(1_000_000_000);
        const string ifName = "rehearsal0";
        engine.OnLinkChanged(ifName, true, t);
        engine.OnInterfaceAddress(ifName, Core.Primitives.IpFamily.IPv4, System.Net.IPAddress.Parse("192.0.2.1"), t);
        var config = new Config.Model.VigilConfig
        {
            Instances =
            [
                new Config.Model.VrrpInstanceConfig
                {
                    Name = "rehearsal", Vrid = 1, Interface = ifName, Priority = 100, Version = version,
                    AdvertIntervalMs = version == 3 ? 100 : 1000,
                    VirtualIpAddresses = [new Config.Model.VirtualIpAddress
                    {
                        Address = System.Net.IPAddress.Parse("198.51.100.1"),
                        Prefix = 32
                    }],
                    // One route and one rule: the route table path (pump batch, request building, message encoding).
                    Routes = [new Config.Model.RouteConfig
                    {
                        Destination = System.Net.IPAddress.Parse("198.51.100.0"),
                        Prefix = 24,
                        Dev = ifName,
                        Table = 100
                    }],
                    Rules = [new Config.Model.RuleConfig
                    {
                        From = System.Net.IPAddress.Parse("198.51.100.0"),
                        FromPrefix = 24,
                        Table = 100,
                        Preference = 100
                    }],
                },
            ],
        };
        var world = new Rehearsal { Now = t };
        var pump = new EffectPump(engine, new EnginePorts
        {
            Adverts = world, Addresses = world, Announcer = world, Scripts = world, Fifo = world, Alerts = world,
            Log = world, Clock = world, Routes = world,
        });
        engine.Load(config, t);
        for (int i = 0; i < 50 && !engine.NextDeadline.IsNever; i++)
        {
            t = engine.NextDeadline;
            world.Now = t;
            engine.OnTimer(t);
            pump.Run();
        }
        engine.OnShutdownRequested(t);
        pump.Run();
    }

    /// <summary>A world that does nothing but touch what the real ports touch: every effect goes through the real
    /// <see cref="EffectPump"/>, every address change succeeds.</summary>
    private sealed class Rehearsal : IAdvertTransport, IAddressTable, IAnnouncer, IScriptRunner, INotifyFifo,
        IAlertSender, ILogSink, IClock, IRouteTable
    {
        private readonly List<Linux.Netlink.RtNetlink.RouteRequest> _routeRequests = [];
        private readonly List<int> _routeIndexes = [];
        private readonly Dictionary<string, Linux.Netlink.LinkInfo> _links = new(StringComparer.Ordinal)
        {
            ["rehearsal0"] = new Linux.Netlink.LinkInfo(1, "rehearsal0", 0, null),
        };

        public void Apply(
            IReadOnlyList<RouteTableChange> changes,
            List<(RouteTableChange Change, string Error)> failures)
        {
            if (VigilDaemon.Requests(changes, failures, _links, false, _routeRequests, _routeIndexes))
                Linux.Netlink.RtNetlink.Rehearse(_routeRequests);
        }

        public Core.Primitives.MonotonicTime Now { get; set; }

        public void Send(SendAdvert advert)
        {
            // The driver walks the destinations through IReadOnlyList<IPAddress>: the first walk of an array through
            // that interface loads types and dispatch stubs (about 0.5 ms, measured), which would otherwise land in
            // the new master's first advert (bench/failover). Process-wide, so walking the same array type here is
            // enough.
            foreach (var destination in advert.Destinations)
                _ = destination;
            _ = advert.ToString();
        }

        public AddressResult Add(AddAddress add)
        {
            _ = add.ToString();
            return new AddressResult(add.Instance, add.Address, AddressOperation.Add, true, null);
        }

        public AddressResult Remove(RemoveAddress remove)
        {
            _ = remove.ToString();
            return new AddressResult(remove.Instance, remove.Address, AddressOperation.Remove, true, null);
        }

        public void PromoteSecondaries(PromoteSecondaries promote) => _ = promote.ToString();

        public void Announce(Announce announce) => _ = announce.ToString();

        public void Start(RunScript run) => _ = run.ToString();

        public void Notify(RunNotify notify) => _ = notify.ToString();

        public void Write(WriteFifo line) => _ = line.ToString();

        public void Send(MailAlert alert) => _ = alert.ToString();

        public void Write(LogLine line) => _ = line.ToString();
    }
}
