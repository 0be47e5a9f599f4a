namespace Vigil.Cli;

// Replaced by the configuration front end's implementation.
public static class CheckCommand
{
    public static int Run(string[] args)
    {
        Console.Error.WriteLine("vigil check: configuration front end not built yet");
        return 4;
    }
}
