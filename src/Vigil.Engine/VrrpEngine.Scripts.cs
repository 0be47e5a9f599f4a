using Vigil.Core.Primitives;
using Vigil.Engine.Effects;
using Vigil.Engine.Events;
using Vigil.Engine.Logging;

namespace Vigil.Engine;

public sealed partial class VrrpEngine
{
    /// <summary>A script run finished. Completions with an unknown script or a stale run id are ignored.</summary>
    public void OnScriptCompleted(in ScriptCompletion completion, MonotonicTime now)
    {
        Touch();
        if (IsStopped || !_scripts.TryGetValue(completion.Script, out var script) || completion.RunId == 0
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
            Logs.Scripts.NowReturning(script.Name, completion.ExitCode);
        }

        RecordScriptResult(script, completion, now);
    }

    private void RecordScriptResult(ScriptRuntime script, in ScriptCompletion completion, MonotonicTime now)
    {
        script.Runs++;
        var update = _tracking.ReportScriptResult(script.Name, completion.Succeeded);
        if (completion.Outcome == ScriptOutcome.TimedOut)
        {
            Logs.Scripts.TimedOut(script.Name);
        }

        if (update.Script.IsTransition)
        {
            if (update.Script.To == ScriptState.Ok)
            {
                Logs.Scripts.Succeeded(script.Name);
            }
            else if (completion.Outcome != ScriptOutcome.TimedOut)
            {
                switch (completion.Outcome)
                {
                    case ScriptOutcome.Exited:
                        Logs.Scripts.FailedWithStatus(script.Name, completion.ExitCode);
                        break;
                    case ScriptOutcome.Signaled:
                        Logs.Scripts.FailedBySignal(script.Name, completion.Signal);
                        break;
                    default:
                        Logs.Scripts.NotStarted(script.Name);
                        break;
                }
            }
        }

        ApplyTracking(update, now);
    }

    private void ServiceScript(ScriptRuntime script, MonotonicTime now)
    {
        if (script.AbandonAt <= now)
        {
            // The runner never reported this run: count it as timed out rather than wait forever.
            var lost = new ScriptCompletion(
                script.Name,
                script.OutstandingRunId,
                ScriptOutcome.TimedOut,
                0,
                0,
                now - script.OutstandingSince);
            script.OutstandingRunId = 0;
            script.LastOutcome = ScriptOutcome.TimedOut;
            script.LastExitStatus = null;
            script.LastDuration = lost.Duration;
            Logs.Scripts.RunLost(script.Name, lost.RunId);
            RecordScriptResult(script, lost, now);
        }

        if (script.NextStart > now)
        {
            return;
        }

        if (script.OutstandingRunId != 0)
        {
            Logs.Scripts.StillRunning(script.Name);
        }
        else
        {
            var runId = ++_nextRunId;
            script.OutstandingRunId = runId;
            script.OutstandingSince = now;
            Emit(new RunScript(
                script.Name,
                script.Config.Command,
                script.Config.User ?? Globals.ScriptUser ?? Globals.DefaultScriptUser,
                script.Config.Group ?? Globals.ScriptGroup,
                script.Timeout,
                runId));
        }

        // Runs start every interval from the previous start; after a long stall, resume from now (no burst).
        script.NextStart += script.Interval;
        if (script.NextStart <= now)
        {
            script.NextStart = now + script.Interval;
        }
    }
}
