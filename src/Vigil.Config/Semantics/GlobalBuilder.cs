using Vigil.Config.Model;

namespace Vigil.Config.Semantics;

/// <summary>Collects `global_defs` (several blocks merge, as in keepalived).</summary>
internal sealed class GlobalBuilder
{
    public GlobalDefs C = new();
    public readonly List<KeywordUse> Other = [];

    public void Set(Func<GlobalDefs, GlobalDefs> change) => C = change(C);
}
