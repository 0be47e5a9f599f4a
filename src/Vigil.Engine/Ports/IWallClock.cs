namespace Vigil.Engine.Ports;

/// <summary>UTC, the one wall-clock reading the protocol needs: auth_hmac's time-based sequence numbers. Without
/// one (simulation, tests) the engine derives UTC from a fixed epoch and its monotonic time, so every simulated
/// node agrees on it.</summary>
public interface IWallClock
{
    /// <summary>Microseconds since 1970-01-01T00:00:00Z; read once per signed advert and once per received
    /// one.</summary>
    long UnixMicroseconds { get; }
}
