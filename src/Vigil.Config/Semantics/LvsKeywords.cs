using Vigil.Config.Syntax;

namespace Vigil.Config.Semantics;

/// <summary>Vigil skips LVS sections, but keepalived still parses them, and an unknown keyword there (often one
/// keepalived 2.x removed, such as `nat_mask` or `nb_get_retry` outside a checker) makes its `-t` exit 5. So the
/// keywords inside `virtual_server` are checked against the ones keepalived 2.2.7 accepts in each block (observed:
/// each keyword of its manual, alone in each block, through `keepalived -t`), and the rest reported as keepalived
/// reports them. Nothing else in those sections is judged.</summary>
internal static partial class LvsKeywords
{
    public static void Check(Statement section, ParseContext ctx)
    {
        if (section.Keyword == "virtual_server")
            Walk(section, "virtual_server", ctx);
    }

    private static void Walk(Statement block, string context, ParseContext ctx)
    {
        if (!Known.TryGetValue(context, out var known))
            return;
        foreach (var st in block.Block ?? [])
        {
            if (!known.Contains(st.Keyword))
            {
                ctx.Diag.Ignored(st.Location, "unknown-keyword",
                    $"unknown keyword '{Values.Short(st.Keyword)}' in {context} (keepalived 2.2.7 does not accept it " +
                    $"there); ignored{Suggest.Hint(st.Keyword, known)}");
                continue;
            }
            if (st.Keyword == "nb_get_retry")
            {
                // Accepted in a checker, but keepalived reports the old name as an error worked around.
                ctx.Diag.Ignored(st.Location, "deprecated", "'nb_get_retry' is deprecated in keepalived; use 'retry'");
                continue;
            }
            if (st.Block is not null)
                Walk(st, Known.ContainsKey(st.Keyword) ? st.Keyword : context + "/" + st.Keyword, ctx);
        }
    }
}
