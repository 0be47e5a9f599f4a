using Vigil.Engine.Ports;

namespace Vigil.Daemon;

/// <summary>The engine's wall clock in the daemon: the system's UTC (auth_hmac sequence numbers follow it, as
/// keepalived's do, so a peer restarted later still sends numbers above the ones it sent before).</summary>
public sealed class SystemWallClock : IWallClock
{
    public static readonly SystemWallClock Instance = new();

    public long UnixMicroseconds => (DateTime.UtcNow.Ticks - DateTime.UnixEpoch.Ticks) / 10;
}
