using Vigil.Config.Model;

namespace Vigil.Config.Semantics;

internal sealed class GarpGroupBuilder(SourceLocation at)
{
    public GarpGroupConfig C = new() { Location = at };
    public readonly List<string> Interfaces = [];
    public readonly List<KeywordUse> Other = [];

    public void Set(Func<GarpGroupConfig, GarpGroupConfig> change) => C = change(C);
}
