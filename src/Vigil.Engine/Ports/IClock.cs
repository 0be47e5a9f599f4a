using Vigil.Core.Primitives;

namespace Vigil.Engine.Ports;

/// <summary>The monotonic clock of the world the engine runs in (real, or a simulator's virtual time).</summary>
public interface IClock
{
    MonotonicTime Now { get; }
}
