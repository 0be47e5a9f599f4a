namespace Vigil.Operations.Control;

/// <summary>The daemon's side of the control socket: answers one parsed request with one JSON document
/// (UTF-8). Failures are answered as JSON too (see <see cref="ControlJson.Error"/>), never thrown.</summary>
public interface IControlHandler
{
    ValueTask<byte[]> HandleAsync(ControlRequest request, CancellationToken cancel);
}
