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
    long RunId) : EngineEffect;
