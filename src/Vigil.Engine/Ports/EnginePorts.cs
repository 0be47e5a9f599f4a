namespace Vigil.Engine.Ports;

/// <summary>Everything the world must provide for the engine's effects to happen: one implementation per world
/// (Linux in the daemon, memory in Vigil.Simulation). <see cref="EffectPump"/> is the only caller.</summary>
public sealed class EnginePorts
{
    public required IAdvertTransport Adverts { get; init; }
    public required IAddressTable Addresses { get; init; }
    public required IRouteTable Routes { get; init; }
    public required IAnnouncer Announcer { get; init; }
    public required IScriptRunner Scripts { get; init; }
    public required INotifyFifo Fifo { get; init; }
    public required IAlertSender Alerts { get; init; }
    public required ILogSink Log { get; init; }
    public required IClock Clock { get; init; }

    /// <summary>no_accept's drop sets; worlds without one drop nothing.</summary>
    public IFirewall Firewall { get; init; } = NoFirewall.Instance;
}
