using System.Net.Sockets;

namespace Vigil.Operations;

/// <summary>
/// The accept loop shared by the control socket and the metrics endpoint: each connection is served on its own
/// task, at most as many at once as the slots allow; past that a new connection is closed at once rather than
/// queued, so slow or hostile clients can never pile up inside the daemon. The serve callback releases its slot.
/// </summary>
public static class BoundedAcceptLoop
{
    public static async Task RunAsync(Socket listener, SemaphoreSlim slots, Func<Socket, CancellationToken, Task> serve,
        Action<string>? log, string name, CancellationToken cancel)
    {
        while (!cancel.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await listener.AcceptAsync(cancel).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException e)
            {
                log?.Invoke($"{name}: accept failed: {e.Message}");
                continue;
            }
            if (!slots.Wait(0))
            {
                client.Dispose();
                continue;
            }
            _ = serve(client, cancel);
        }
    }
}
