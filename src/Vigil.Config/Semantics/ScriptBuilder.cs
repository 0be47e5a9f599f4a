using Vigil.Config.Model;

namespace Vigil.Config.Semantics;

/// <summary>Collects one `vrrp_script` block.</summary>
internal sealed class ScriptBuilder(string name, SourceLocation at)
{
    public VrrpScriptConfig C = new() { Name = name, Location = at };
    public bool TimeoutSet;
    public bool HasScript;
    public readonly List<KeywordUse> Other = [];

    public void Set(Func<VrrpScriptConfig, VrrpScriptConfig> change) => C = change(C);

    /// <summary>timeout defaults to interval; null when the block has no `script` (keepalived removes it).</summary>
    public VrrpScriptConfig? Build(ParseContext ctx)
    {
        if (!HasScript)
        {
            ctx.Diag.Ignored(C.Location, "script-missing", $"no script set for vrrp_script {C.Name}; removed");
            return null;
        }
        return TimeoutSet ? C : C with { TimeoutMs = C.IntervalMs };
    }
}
