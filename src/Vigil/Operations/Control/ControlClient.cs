using System.Net.Sockets;
using System.Text;

namespace Vigil.Operations.Control;

/// <summary>The CLI's side of the control socket. Whatever goes wrong before a reply arrives becomes a
/// <see cref="ControlUnavailableException"/> with a one-line reason: a status can only come from a live
/// daemon.</summary>
public static class ControlClient
{
    /// <summary>Replies larger than this are refused; 200 instances fit in well under 1 MiB.</summary>
    public const int MaxReplyBytes = 16 * 1024 * 1024;

    public static async Task<byte[]> SendAsync(string path, ControlRequest request, TimeSpan timeout,
        CancellationToken cancel = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(request);
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        deadline.CancelAfter(timeout);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(path), deadline.Token).ConfigureAwait(false);
        }
        catch (SocketException e)
        {
            throw new ControlUnavailableException(!File.Exists(path) ? NoSocket(path) : e.SocketErrorCode switch
            {
                SocketError.ConnectionRefused
                    => $"no daemon is listening on {path} (connection refused: the daemon that made it is gone)",
                SocketError.AccessDenied
                    => $"permission denied on {path} (the control socket is root-only)",
                _ => $"cannot reach the daemon on {path}: {e.Message}",
            }, e);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new ControlUnavailableException($"permission denied on {path} (the control socket is root-only)", e);
        }
        catch (OperationCanceledException e) when (!cancel.IsCancellationRequested)
        {
            throw new ControlUnavailableException(
                $"the daemon on {path} did not accept within {timeout.TotalSeconds:0.#} s",
                e);
        }

        try
        {
            await socket.SendAsync(
                Encoding.UTF8.GetBytes(request.ToLine()),
                SocketFlags.None,
                deadline.Token).ConfigureAwait(false);
            socket.Shutdown(SocketShutdown.Send);
            var reply = new MemoryStream();
            var buffer = new byte[64 * 1024];
            int n;
            while ((n = await socket.ReceiveAsync(buffer, SocketFlags.None, deadline.Token).ConfigureAwait(false)) > 0)
            {
                if (reply.Length + n > MaxReplyBytes)
                {
                    throw new ControlUnavailableException(
                        $"the reply from {path} is larger than {MaxReplyBytes} bytes");
                }

                reply.Write(buffer, 0, n);
            }
            if (reply.Length == 0)
                throw new ControlUnavailableException($"the daemon on {path} closed the connection without answering");
            return reply.ToArray();
        }
        catch (SocketException e)
        {
            throw new ControlUnavailableException($"the connection to {path} failed: {e.Message}", e);
        }
        catch (OperationCanceledException e) when (!cancel.IsCancellationRequested)
        {
            throw new ControlUnavailableException(
                $"the daemon on {path} did not answer within {timeout.TotalSeconds:0.#} s",
                e);
        }
    }

    private static string NoSocket(string path) =>
        $"no daemon is running: {path} does not exist (is vigil running, and with this --control path?)";
}
