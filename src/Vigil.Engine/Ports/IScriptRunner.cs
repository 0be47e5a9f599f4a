using Vigil.Engine.Effects;

namespace Vigil.Engine.Ports;

/// <summary>Runs track scripts and notify scripts off the protocol loop. A track script's completion comes back
/// later as <see cref="VrrpEngine.OnScriptCompleted"/>; a notify's (optionally) as
/// <see cref="VrrpEngine.OnNotifyCompleted"/>. Neither call may wait for the script.</summary>
public interface IScriptRunner
{
    /// <summary>Starts a run. <paramref name="run"/> must not be kept past the call (copy what the completion
    /// needs): the pump hands it back to the engine, which reuses it for the script's next run.</summary>
    void Start(RunScript run);

    /// <summary>Queues a notify run behind earlier runs with the same key.</summary>
    void Notify(RunNotify notify);
}
