using Vigil.Config.Model;

namespace Vigil.Config.Syntax;

/// <summary>A keyword with its arguments on one line, and the block that follows it, if any.</summary>
internal sealed class Statement
{
    public required string Keyword { get; init; }
    public required IReadOnlyList<string> Args { get; init; }

    /// <summary>The line's text after the keyword, up to the first unquoted brace: quoted keywords
    /// (`script`, `notify*`) re-tokenise it with shell-like rules.</summary>
    public required string RawArgs { get; init; }

    public required SourceLocation Location { get; init; }

    /// <summary>Column of each argument (1-based), parallel to <see cref="Args"/>.</summary>
    public required IReadOnlyList<int> ArgColumns { get; init; }

    public List<Statement>? Block { get; set; }

    /// <summary>Where the block was closed (or the end of input when it never was).</summary>
    public SourceLocation BlockEnd { get; set; }

    public SourceLocation ArgLocation(int index) =>
        index < ArgColumns.Count ? Location with { Column = ArgColumns[index] } : Location;
}
