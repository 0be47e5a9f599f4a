using Vigil.Config.Syntax;

namespace Vigil.Config.Semantics;

internal enum KeywordSupport
{
    /// <summary>Parsed, validated and acted on.</summary>
    Supported,

    /// <summary>Parsed and kept in the model, reported once as "not supported by Vigil yet".</summary>
    Unsupported,

    /// <summary>Accepted as keepalived does, with a deprecation warning.</summary>
    Deprecated,

    /// <summary>Accepted silently because it has no effect in keepalived either (or outside VRRP).</summary>
    Ignored,
}

/// <summary>One row of the keyword table: name, whether it takes a `{ }` block, support level, and the
/// handler that applies it to the section being built.</summary>
internal sealed record KeywordSpec<T>(
    string Name,
    bool Block,
    KeywordSupport Support,
    Action<T, Statement, ParseContext> Apply);
