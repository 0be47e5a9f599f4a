using System.Runtime.InteropServices;
using Vigil.Config;
using Vigil.Engine;
using Vigil.Engine.Events;

namespace Vigil.Daemon;

/// <summary>What the daemon tells the code composed around it (the operations host: control socket, metrics,
/// systemd, dumps). Given to the daemon when it is built; every call is made on the loop, so reading the engine
/// there is safe.</summary>
public interface IDaemonObserver
{
    /// <summary>Signals beyond SIGHUP/SIGTERM/SIGINT the daemon should catch and pass to
    /// <see cref="OnSignal"/>.</summary>
    IReadOnlyList<PosixSignal> ExtraSignals { get; }

    /// <summary>The engine has loaded the first configuration (systemd READY=1).</summary>
    void OnReady(VrrpEngine engine);

    /// <summary>A reload begins (systemd RELOADING=1).</summary>
    void OnReloading();

    /// <summary>A reload ended, applied or refused (systemd READY=1).</summary>
    void OnReloaded(ConfigResult result, VrrpEngine engine);

    /// <summary>SIGTERM/SIGINT or a stop request begins the shutdown (systemd STOPPING=1).</summary>
    void OnStopping();

    /// <summary>One track-script run finished (exact script metrics).</summary>
    void OnScriptCompleted(ScriptCompletion completion);

    /// <summary>One of <see cref="ExtraSignals"/> arrived.</summary>
    void OnSignal(PosixSignal signal, VrrpEngine engine);
}
