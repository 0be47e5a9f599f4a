namespace Vigil.Config.Syntax;

internal enum TokenKind
{
    Word,
    Open,
    Close,
}

/// <summary>A generic-level token: a word (double quotes removed), `{` or `}`. Start/End index the line text.</summary>
internal readonly record struct Token(TokenKind Kind, string Text, int Start, int End, bool Quoted);
