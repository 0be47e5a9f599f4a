namespace Vigil.Config.Model;

/// <summary>A section of another keepalived subsystem (virtual_server, bfd_instance, static_routes ...) that was
/// parsed structurally and skipped. <see cref="Arguments"/> are the words after the keyword (e.g. the VS
/// address).</summary>
public sealed record IgnoredSection(string Keyword, IReadOnlyList<string> Arguments, SourceLocation Location)
{
    public string File => Location.File;
    public int Line => Location.Line;
}
