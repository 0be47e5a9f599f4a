using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Vigil.Cli;
using Vigil.Operations.Control;
using Vigil.Operations.Dumps;
using Vigil.Operations.Status;

namespace Vigil.Json;

/// <summary>Every JSON document Vigil writes or reads, through System.Text.Json source generation: no reflection, so
/// the native build stays trim-safe. C# names become the snake_case keys of docs/status-json.md and docs/cli.md;
/// nulls are written (a consumer sees <c>"master_address": null</c>, not a missing key) unless a property says
/// otherwise; keys come in declaration order (a derived record orders its own after its base's explicitly).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(CheckDocument))]
[JsonSerializable(typeof(StatusDocument))]
[JsonSerializable(typeof(ExplainDocument))]
[JsonSerializable(typeof(ControlReply))]
[JsonSerializable(typeof(IReadOnlyList<DumpEntry>))]
[JsonSerializable(typeof(DumpV2))]
internal sealed partial class VigilJsonContext : JsonSerializerContext
{
    // Built on first use, not in a static initializer: the generated half of this class initializes Default, and
    // C# leaves the order of static initializers across the files of a partial class unspecified.
    private static VigilJsonContext? s_indented;
    private static VigilJsonContext? s_relaxed;

    /// <summary>For people: <c>vigil check --json</c> and <c>vigil status --json</c> pretty-printed.</summary>
    public static VigilJsonContext Indented =>
        s_indented ??= new(new JsonSerializerOptions(Default.Options) { WriteIndented = true });

    /// <summary>For keepalived's JSON dump, which writes the quotes around a script's command as they are
    /// (<c>"'/path/check'"</c>), not as <c>\u0027</c>.</summary>
    public static VigilJsonContext Relaxed =>
        s_relaxed ??= new(
            new JsonSerializerOptions(Default.Options) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
}
