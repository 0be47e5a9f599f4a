using System.Text.Json;
using Vigil.Json;

namespace Vigil.Operations.Status;

/// <summary>Reads the daemon's status and explain documents back for the CLI's renderers. Keys this build does not
/// know (a newer daemon's) are skipped; keys it misses (an older daemon's) keep their defaults.</summary>
public static class StatusJsonReader
{
    /// <exception cref="JsonException">The reply is not such a document.</exception>
    public static StatusDocument Status(ReadOnlySpan<byte> json) =>
        JsonSerializer.Deserialize(json, VigilJsonContext.Default.StatusDocument)
        ?? throw new JsonException("the status document is null");

    /// <exception cref="JsonException">The reply is not such a document.</exception>
    public static ExplainDocument Explain(ReadOnlySpan<byte> json) =>
        JsonSerializer.Deserialize(json, VigilJsonContext.Default.ExplainDocument)
        ?? throw new JsonException("the explain document is null");
}
