using System.Text;
using Vigil.Operations.Control;

namespace Vigil.Fuzz;

/// <summary>
/// What a client sends on the control socket: the bytes up to the first newline within the first
/// <see cref="ControlRequest.MaxLineBytes"/> (the server's framing), decoded as UTF-8 and parsed. A parsed request
/// must survive <c>ToLine</c> and a second parse unchanged; a refused one gets an error reply that the CLI reads back
/// as the same error. The same bytes are also read as a reply, as the CLI does with whatever the socket answers.
/// </summary>
internal static class ControlTarget
{
    public static void Run(byte[] data)
    {
        ParseRequest(data);
        _ = ControlJson.ReadOutcome(data);
    }

    private static void ParseRequest(byte[] data)
    {
        var line = Frame(data);
        if (line is null)
            return; // the server answers "request longer than ..." without parsing

        if (ControlRequest.TryParse(line, out var request, out var error))
        {
            Invariant.Holds(ControlRequest.TryParse(request.ToLine(), out var again, out _) && again == request,
                $"request {request} does not survive ToLine and a second parse");
            return;
        }

        Invariant.Holds(error.Length > 0, "a refused request without an error");
        var (ok, readError, _) = ControlJson.ReadOutcome(ControlJson.Error(error));
        Invariant.Holds(
            !ok && readError == error,
            $"the error reply reads back as ok={ok} '{readError}', not '{error}'");
    }

    // ControlServer.ReadLineAsync without the socket: up to the first newline, or all the client wrote when it
    // stopped writing first; null when no newline came within the limit.
    private static string? Frame(byte[] data)
    {
        var limit = Math.Min(data.Length, ControlRequest.MaxLineBytes);
        var newline = Array.IndexOf(data, (byte)'\n', 0, limit);
        if (newline >= 0)
            return Encoding.UTF8.GetString(data, 0, newline);
        return data.Length >= ControlRequest.MaxLineBytes ? null : Encoding.UTF8.GetString(data);
    }
}
