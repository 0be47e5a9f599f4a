using Vigil.Config.Model;
using Vigil.Core.Primitives;
using Vigil.Core.Tracking;
using Vigil.Engine.Effects;
using Vigil.Engine.Events;

namespace Vigil.Engine;

/// <summary>One tracked <c>vrrp_script</c>: its schedule, the outstanding run and its history.</summary>
internal sealed class ScriptRuntime(VrrpScriptConfig config, ScriptCounter counter)
{
    public VrrpScriptConfig Config { get; set; } = config;
    public ScriptCounter Counter { get; set; } = counter;
    public string Name => Config.Name;
    public MonotonicTime NextStart { get; set; } = MonotonicTime.Never;
    public long OutstandingRunId { get; set; }
    public MonotonicTime OutstandingSince { get; set; }
    public long Runs { get; set; }
    public int? LastExitStatus { get; set; }
    public ScriptOutcome? LastOutcome { get; set; }
    public TimeSpan? LastDuration { get; set; }

    /// <summary>The last run's effect, handed back by the driver once carried out, for the next run to reuse.</summary>
    public RunScript? SpareRun { get; set; }

    public TimeSpan Interval => TimeSpan.FromMilliseconds(Math.Max(1, Config.IntervalMs));
    public TimeSpan Timeout => TimeSpan.FromMilliseconds(Math.Max(1, Config.TimeoutMs));

    /// <summary>A run the runner never reported is given up after timeout plus the 2 s kill grace plus slack,
    /// and counted as a timeout, so a lost completion cannot stop the script forever.</summary>
    public MonotonicTime AbandonAt => OutstandingRunId == 0
        ? MonotonicTime.Never
        : OutstandingSince + Timeout + TimeSpan.FromSeconds(5);
}
