using System.Buffers;
using System.Text.Json;

namespace Vigil.Operations.Control;

/// <summary>The small fixed replies of the control protocol, written by hand (no reflection, NativeAOT-safe).
/// Every reply is one JSON object; <c>"ok": false</c> with <c>"error"</c> means the request failed.</summary>
public static class ControlJson
{
    public static byte[] Ok(string? message = null) => Write(w =>
    {
        w.WriteBoolean("ok", true);
        if (message is not null)
            w.WriteString("message", message);
    });

    public static byte[] Error(string message, IReadOnlyList<string>? details = null) => Write(w =>
    {
        w.WriteBoolean("ok", false);
        w.WriteString("error", message);
        if (details is { Count: > 0 })
        {
            w.WriteStartArray("details");
            foreach (var d in details)
                w.WriteStringValue(d);
            w.WriteEndArray();
        }
    });

    private static byte[] Write(Action<Utf8JsonWriter> body)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            body(w);
            w.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Reads the ok/error/details of a reply; a reply that is not such an object counts as ok
    /// (status documents carry no "ok" field).</summary>
    public static (bool Ok, string? Error, IReadOnlyList<string> Details) ReadOutcome(ReadOnlySpan<byte> json)
    {
        // Replies to status and explain are documents that start with their first section, not with "ok": answer
        // from the first property instead of parsing a large document only to find no "ok" in it.
        if (FirstPropertyIsNotOk(json))
            return (true, null, []);
        try
        {
            var reader = new Utf8JsonReader(json);
            using var doc = JsonDocument.ParseValue(ref reader);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                return (false, "the daemon's reply is not a JSON object", []);
            var ok = !root.TryGetProperty("ok", out var okValue) || okValue.ValueKind != JsonValueKind.False;
            var error = root.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.String ? e.GetString() : null;
            var details = new List<string>();
            if (root.TryGetProperty("details", out var d) && d.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in d.EnumerateArray())
                {
                    if (item.ValueKind == JsonValueKind.String)
                        details.Add(item.GetString()!);
                }
            }
            return (ok, error, details);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            // JsonDocument checks the UTF-8 inside a string only when the string is read, and says so with an
            // InvalidOperationException: a reply with such bytes is as invalid as one that does not parse.
            return (false, "the daemon's reply is not valid JSON", []);
        }
    }

    private static bool FirstPropertyIsNotOk(ReadOnlySpan<byte> json)
    {
        try
        {
            var reader = new Utf8JsonReader(json);
            return reader.Read() && reader.TokenType == JsonTokenType.StartObject
                && reader.Read() && reader.TokenType == JsonTokenType.PropertyName
                && !reader.ValueTextEquals("ok"u8) && !reader.ValueTextEquals("error"u8);
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
