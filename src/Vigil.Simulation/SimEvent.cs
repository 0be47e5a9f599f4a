using Vigil.Core.Primitives;
using Vigil.Engine.Events;

namespace Vigil.Simulation;

internal enum SimEventKind
{
    Deliver,
    ScriptDone,
    Action,
}

/// <summary>One queued happening. <see cref="Epoch"/> is the target host's boot count when it was queued, so
/// nothing scheduled before a crash reaches the restarted daemon.</summary>
internal readonly record struct SimEvent(
    SimEventKind Kind,
    SimHost? Host,
    int Epoch,
    SimInterface? Interface,
    IpFamily Family,
    byte[]? Source,
    byte[]? Destination,
    byte Ttl,
    ReadOnlyMemory<byte> Payload,
    ScriptCompletion Completion,
    Action? Action);
