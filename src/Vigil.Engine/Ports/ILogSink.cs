using Vigil.Engine.Effects;

namespace Vigil.Engine.Ports;

/// <summary>Where the engine's log lines go (stderr/syslog for the daemon, a list for the simulator).</summary>
public interface ILogSink
{
    void Write(LogLine line);
}
