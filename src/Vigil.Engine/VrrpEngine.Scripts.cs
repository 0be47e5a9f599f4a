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

    /// <summary>The driver is done with a <see cref="RunScript"/> it carried out (it keeps nothing of it): the
    /// script's next run reuses it rather than allocate another.</summary>
    public void Recycle(RunScript run)
    {
        if (_scripts.TryGetValue(run.Script, out var script))
        {
            script.SpareRun = run;
        }
    }

    private RunScript NewRun(ScriptRuntime script, long runId)
    {
        var user = script.Config.User ?? Globals.ScriptUser ?? Globals.DefaultScriptUser;
        var group = script.Config.Group ?? Globals.ScriptGroup;
        var spare = script.SpareRun;
        script.SpareRun = null;
        // Only while it says exactly what this run would: a reload may have changed the command, user or timeout.
        if (spare is not null && spare.Script == script.Name && ReferenceEquals(spare.Argv, script.Config.Command)
            && spare.User == user && spare.Group == group && spare.Timeout == script.Timeout)
        {
            spare.RunId = runId;
            return spare;
        }

        return new RunScript(script.Name, script.Config.Command, user, group, script.Timeout, runId);
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
            Emit(NewRun(script, runId));
        }

        // Runs start every interval from the previous start; after a long stall, resume from now (no burst).
        script.NextStart += script.Interval;
        if (script.NextStart <= now)
        {
            script.NextStart = now + script.Interval;
        }
    }
}
