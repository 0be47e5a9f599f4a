using Vigil.Cli;

namespace Vigil;

/// <summary>
/// One binary. The first argument names a command; anything else (or nothing) is keepalived's own
/// command line, which means `run`, so `vigil -f /etc/keepalived/keepalived.conf -n -l -D` works where
/// keepalived did, and keepalived's `-t` means `check`.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        try
        {
            return CommandDispatcher.Dispatch(args);
        }
        catch (Exception e)
        {
            // The last line of defence: never a stack trace for the user, always one clear line.
            Console.Error.WriteLine($"vigil: internal error: {e.Message}");
            return 70; // EX_SOFTWARE, as keepalived
        }
    }
}
