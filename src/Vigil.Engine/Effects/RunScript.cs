namespace Vigil.Engine.Effects;

/// <summary>Start a <c>vrrp_script</c> run in its own process group; kill it at <paramref name="Timeout"/>
/// (SIGTERM, then SIGKILL 2 s later) and report <see cref="Events.ScriptCompletion"/> with
/// <paramref name="RunId"/>.</summary>
public sealed record RunScript(
    string Script,
    IReadOnlyList<string> Argv,
    string? User,
    string? Group,
    TimeSpan Timeout,
    long RunId) : EngineEffect
{
    /// <summary>Set again only when the engine reuses a handed-back effect for the same script's next run
    /// (<see cref="VrrpEngine.Recycle"/>): at 200 scripts a second a new effect per run was garbage enough to keep
    /// the collector running.</summary>
    public long RunId { get; internal set; } = RunId;
}
