using Vigil.Operations.Status;

namespace Vigil.Cli;

/// <summary><c>vigil status [--control PATH] [--json] [--explain NAME]</c>: asks the running daemon.</summary>
public static class StatusCommand
{
    public static int Run(string[] args) => StatusClient.Run(args, Console.Out, Console.Error);
}
