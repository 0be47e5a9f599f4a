using Vigil.Config.Model;
using Vigil.Config.Syntax;

namespace Vigil.Config.Semantics;

/// <summary>Applies a section's statements through its keyword table: unknown keywords get "did you mean",
/// rare ones are kept and reported once, block/no-block mismatches are reported.</summary>
internal static class SectionWalker
{
    public static void Walk<T>(
        T target,
        Statement section,
        Dictionary<string, KeywordSpec<T>> table,
        string sectionName,
        ParseContext ctx,
        List<KeywordUse> other,
        Func<Statement, bool>? onUnknown = null)
    {
        if (section.Block is null)
        {
            ctx.Diag.Error(section.Location, "missing-brace", $"'{section.Keyword}' needs a '{{ ... }}' block");
            return;
        }
        foreach (var st in section.Block)
        {
            if (!table.TryGetValue(st.Keyword, out var spec))
            {
                if (onUnknown is not null && onUnknown(st))
                    continue;
                if (Array.IndexOf(KeywordTable.TopLevel, st.Keyword) >= 0)
                {
                    // The usual cause is a missing '}' earlier: the next section got swallowed by this one.
                    ctx.Diag.Ignored(st.Location, "misplaced-section",
                        $"'{st.Keyword}' cannot appear inside {sectionName} (opened at " +
                        $"line {section.Location.Line}); is a '}}' missing before this line? " +
                        $"ignored{(st.Block is not null ? " with its block" : string.Empty)}");
                    continue;
                }
                ctx.Diag.Ignored(st.Location, "unknown-keyword",
                    $"unknown keyword '{Values.Short(st.Keyword)}' in {sectionName}; " +
                    $"ignored{Suggest.Hint(st.Keyword, table.Keys)}");
                continue;
            }
            if (spec.Block && st.Block is null)
            {
                ctx.Diag.Error(st.Location, "missing-brace", $"'{st.Keyword}' needs a '{{ ... }}' block; ignored");
                continue;
            }
            if (!spec.Block && st.Block is not null)
            {
                ctx.Diag.Error(
                    st.Location,
                    "unexpected-block",
                    $"'{st.Keyword}' does not take a block; the block is ignored");
            }
            switch (spec.Support)
            {
                case KeywordSupport.Unsupported:
                    other.Add(ctx.Unsupported(st, sectionName));
                    break;
                case KeywordSupport.Deprecated:
                    ctx.Diag.Warning(st.Location, "deprecated", $"'{st.Keyword}' is deprecated in keepalived");
                    break;
            }
            spec.Apply(target, st, ctx);
        }
    }
}
