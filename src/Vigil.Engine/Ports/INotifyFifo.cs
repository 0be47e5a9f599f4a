using Vigil.Engine.Effects;

namespace Vigil.Engine.Ports;

/// <summary>Writes one line to a <c>notify_fifo</c>, never blocking.</summary>
public interface INotifyFifo
{
    void Write(WriteFifo line);
}
