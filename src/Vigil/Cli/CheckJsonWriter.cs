using System.Text.Json;
using Vigil.Config;
using Vigil.Json;

namespace Vigil.Cli;

/// <summary>`vigil check --json`: <c>{ "diagnostics": [...], "exit_code": N, "model": {...} }</c> with the snake_case
/// keys of docs/cli.md, indented for people (CheckDocumentMapping builds it, VigilJsonContext writes it).</summary>
public static class CheckJsonWriter
{
    public static void Write(Stream stream, ConfigResult result) =>
        JsonSerializer.Serialize(stream, CheckDocumentMapping.Map(result), VigilJsonContext.Indented.CheckDocument);
}
