using Vigil.Config;

namespace Vigil.Daemon;

/// <summary>What a reload did: the front end's result, and why the running configuration was kept (null when the
/// new one was applied).</summary>
public sealed record ReloadVerdict(ConfigResult Result, string? Refusal)
{
    public bool Applied => Refusal is null;
}
