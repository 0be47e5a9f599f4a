using Vigil.Operations.Control;

namespace Vigil.Cli;

/// <summary><c>vigil reload [--control PATH]</c>: the same as SIGHUP, but waits for the outcome and exits non-zero
/// when the daemon kept its old configuration because the new one is broken.</summary>
public static class ReloadCommand
{
    public static int Run(string[] args) =>
        SimpleControlCommand.Run("reload", ControlCommand.Reload, args, Console.Out, Console.Error);
}
