namespace Vigil.Engine.Effects;

/// <summary>Write one line (without the newline) to the <c>notify_fifo</c> at <paramref name="Path"/>,
/// non-blocking.</summary>
public sealed record WriteFifo(string Path, string Line) : EngineEffect;
