using System.Text.Json.Serialization;

namespace Vigil.Operations.Control;

/// <summary>The small fixed reply of the control protocol: <c>{"ok": true, "message": ...}</c> or
/// <c>{"ok": false, "error": ..., "details": [...]}</c>. Absent parts are left out, not written as null.
/// Status and explain replies are documents of their own and carry no "ok".</summary>
public sealed record ControlReply
{
    public bool? Ok { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Message { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Error { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? Details { get; init; }
}
