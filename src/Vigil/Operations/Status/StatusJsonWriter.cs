using System.Text.Json;
using Vigil.Json;

namespace Vigil.Operations.Status;

/// <summary>Writes <c>vigil status --json</c> as docs/status-json.md lays it out, and the richer document behind
/// <c>--explain</c> (StatusDocumentMapping builds them, the generated VigilJsonContext writes them).</summary>
public static class StatusJsonWriter
{
    public static byte[] Status(StatusSnapshot snapshot, bool indented = false) =>
        JsonSerializer.SerializeToUtf8Bytes(StatusDocumentMapping.Status(snapshot), Context(indented).StatusDocument);

    /// <summary>The explain document for one instance: its status fields plus everything that decides its priority
    /// and state, the scripts it tracks, and the daemon header. Null when no instance has that name.</summary>
    public static byte[]? Explain(StatusSnapshot snapshot, string instanceName, bool indented = false) =>
        StatusDocumentMapping.Explain(snapshot, instanceName) is { } document
            ? JsonSerializer.SerializeToUtf8Bytes(document, Context(indented).ExplainDocument)
            : null;

    private static VigilJsonContext Context(bool indented) =>
        indented ? VigilJsonContext.Indented : VigilJsonContext.Default;
}
