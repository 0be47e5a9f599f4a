using Vigil.Lab;

namespace Vigil.Cli;

/// <summary><c>vigil lab [--nodes N] [--scenario NAME] [--duration SECONDS]</c>: the demo cluster.</summary>
public static class LabCommand
{
    public static int Run(string[] args) => LabProgram.Run(args, Console.Out, Console.Error);
}
