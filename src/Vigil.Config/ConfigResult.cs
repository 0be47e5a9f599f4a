using Vigil.Config.Model;

namespace Vigil.Config;

/// <summary>The outcome of loading: the model (null only when nothing could be read), every diagnostic in
/// order, and keepalived's `-t` exit code (0 runs, 4 cannot run, 5 errors worked around, 6 security only).</summary>
public sealed record ConfigResult(VigilConfig? Model, IReadOnlyList<Diagnostic> Diagnostics, int ExitCode)
{
    public bool CanRun => Model is not null && ExitCode != 4;
}
