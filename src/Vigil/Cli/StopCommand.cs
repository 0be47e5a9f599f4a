using Vigil.Operations.Control;

namespace Vigil.Cli;

/// <summary><c>vigil stop [--control PATH]</c>: the same as SIGTERM (masters hand over with a priority-0
/// advert).</summary>
public static class StopCommand
{
    public static int Run(string[] args) =>
        SimpleControlCommand.Run("stop", ControlCommand.Stop, args, Console.Out, Console.Error);
}
