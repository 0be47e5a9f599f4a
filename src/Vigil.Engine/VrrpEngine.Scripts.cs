using Vigil.Core.Primitives;
using Vigil.Engine.Effects;
using Vigil.Engine.Events;

namespace Vigil.Engine;

public sealed partial class VrrpEngine
{
    /// <summary>A script run finished. Completions with an unknown script or a stale run id are ignored.</summary>
    public void OnScriptCompleted(in ScriptCompletion completion, MonotonicTime now)
    {
        Touch();
        if (IsStopped || !scripts.TryGetValue(completion.Script, out var script) || completion.RunId == 0
            || completion.RunId != script.OutstandingRunId)
        {
            return;
        }

        script.OutstandingRunId = 0;
        script.LastOutcome = completion.Outcome;
        script.LastDuration = completion.Duration;
        var previousExit = script.LastExitStatus ?? 0;
        script.LastExitStatus = completion.Outcome == ScriptOutcome.Exited ? completion.ExitCode : null;
        if (completion.Outcome == ScriptOutcome.Exited && completion.ExitCode != previousExit)
        {
            Log(EngineLogLevel.Info, $"Script `{script.Name}` now returning {completion.ExitCode}", detail: true);
        }

        RecordScriptResult(script, completion, now);
    }

    private void RecordScriptResult(ScriptRuntime script, in ScriptCompletion completion, MonotonicTime now)
    {
        script.Runs++;
        var update = tracking.ReportScriptResult(script.Name, completion.Succeeded);
        if (completion.Outcome == ScriptOutcome.TimedOut)
        {
            Log(EngineLogLevel.Info, $"VRRP_Script({script.Name}) timed_out");
        }

        if (update.Script.IsTransition)
        {
            if (update.Script.To == ScriptState.Ok)
            {
                Log(EngineLogLevel.Info, $"VRRP_Script({script.Name}) succeeded");
            }
            else if (completion.Outcome != ScriptOutcome.TimedOut)
            {
                var why = completion.Outcome switch
                {
                    ScriptOutcome.Exited => $"exited with status {completion.ExitCode}",
                    ScriptOutcome.Signaled => $"due to signal {completion.Signal}",
                    _ => "could not be started",
                };
                Log(EngineLogLevel.Info, $"VRRP_Script({script.Name}) failed ({why})");
            }
        }

        ApplyTracking(update, now);
    }

    private void ServiceScript(ScriptRuntime script, MonotonicTime now)
    {
        if (script.AbandonAt <= now)
        {
            // The runner never reported this run: count it as timed out rather than wait forever.
            var lost = new ScriptCompletion(script.Name, script.OutstandingRunId, ScriptOutcome.TimedOut, 0, 0, now - script.OutstandingSince);
            script.OutstandingRunId = 0;
            script.LastOutcome = ScriptOutcome.TimedOut;
            script.LastExitStatus = null;
            script.LastDuration = lost.Duration;
            Log(EngineLogLevel.Warning, $"VRRP_Script({script.Name}) run {lost.RunId} was never reported - counting it as timed out");
            RecordScriptResult(script, lost, now);
        }

        if (script.NextStart > now)
        {
            return;
        }

        if (script.OutstandingRunId != 0)
        {
            Log(EngineLogLevel.Info, $"Track script {script.Name} is already running, expect idle - skipping run", detail: true);
        }
        else
        {
            var runId = ++nextRunId;
            script.OutstandingRunId = runId;
            script.OutstandingSince = now;
            Emit(new RunScript(script.Name, script.Config.Command, script.Config.User ?? Globals.ScriptUser ?? Globals.DefaultScriptUser,
                script.Config.Group ?? Globals.ScriptGroup, script.Timeout, runId));
        }

        // Runs start every interval from the previous start; after a long stall, resume from now (no burst).
        script.NextStart += script.Interval;
        if (script.NextStart <= now)
        {
            script.NextStart = now + script.Interval;
        }
    }
}
