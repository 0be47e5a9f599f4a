using System.Text;
using Vigil.Operations.Control;

namespace Vigil.Operations.Tests.Control;

/// <summary>Answers every request with a JSON echo of it and remembers what it was asked.</summary>
internal sealed class RecordingHandler : IControlHandler
{
    public List<ControlRequest> Requests { get; } = [];

    public Func<ControlRequest, byte[]>? Answer { get; init; }

    public ValueTask<byte[]> HandleAsync(ControlRequest request, CancellationToken cancel)
    {
        lock (Requests)
            Requests.Add(request);
        return ValueTask.FromResult(Answer?.Invoke(request)
            ?? Encoding.UTF8.GetBytes($"{{\"command\":\"{request.Command}\",\"argument\":\"{request.Argument}\"}}"));
    }
}
