namespace Vigil.Config.Syntax;

/// <summary>One logical line after comments, conditionals, parameters and sequences were processed.
/// <see cref="Column"/> is the 1-based column of <see cref="Text"/>'s first character in the file.</summary>
internal readonly record struct SourceLine(string Text, string File, int Line, int Column);
