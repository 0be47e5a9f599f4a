using System.Text.Json;
using Vigil.Json;

namespace Vigil.Operations.Control;

/// <summary>Writes and reads the control protocol's <see cref="ControlReply"/>. Every reply is one JSON object;
/// <c>"ok": false</c> with <c>"error"</c> means the request failed.</summary>
public static class ControlJson
{
    public static byte[] Ok(string? message = null) => Write(new ControlReply { Ok = true, Message = message });

    public static byte[] Error(string message, IReadOnlyList<string>? details = null) =>
        Write(new ControlReply { Ok = false, Error = message, Details = details is { Count: > 0 } ? details : null });

    private static byte[] Write(ControlReply reply) =>
        JsonSerializer.SerializeToUtf8Bytes(reply, VigilJsonContext.Default.ControlReply);

    /// <summary>Reads the ok/error/details of a reply; an object without "ok" counts as ok (status documents carry
    /// none, and their other keys are skipped unread).</summary>
    public static (bool Ok, string? Error, IReadOnlyList<string> Details) ReadOutcome(ReadOnlySpan<byte> json) =>
        Read(json) is { } reply
            ? (reply.Ok != false, reply.Error, reply.Details ?? [])
            : (false, "the daemon's reply is not valid JSON", []);

    /// <summary>The reply, or null when it is not a JSON object of that shape.</summary>
    public static ControlReply? Read(ReadOnlySpan<byte> json)
    {
        try
        {
            return JsonSerializer.Deserialize(json, VigilJsonContext.Default.ControlReply);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            // Invalid UTF-8 inside a string shows up as an InvalidOperationException when the string is read: such
            // a reply is as invalid as one that does not parse.
            return null;
        }
    }
}
