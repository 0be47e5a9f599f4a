namespace Vigil.Config.Model;

/// <summary>A keyword that was parsed and kept as written but that Vigil does not act on yet.</summary>
public sealed record KeywordUse(string Keyword, IReadOnlyList<string> Arguments, SourceLocation Location);
