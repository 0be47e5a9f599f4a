using System.Net.Sockets;

namespace Vigil.Operations;

/// <summary>
/// The accept loop shared by the control socket and the metrics endpoint: each connection is served on its own
/// task, admitted to a bounded <see cref="ConnectionPool"/>. A full pool sheds its oldest connection that has not
/// sent its request yet, so idle or slow clients can neither pile up inside the daemon nor keep a real request
/// out; only when every slot is answering is a newcomer closed at once. The serve callback disposes its
/// connection, which frees the slot.
/// </summary>
public static class BoundedAcceptLoop
{
    public static async Task RunAsync(Socket listener, ConnectionPool pool, Func<PooledConnection, Task> serve,
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
            if (pool.Admit(client, cancel) is { } connection)
                _ = serve(connection);
        }
    }
}
