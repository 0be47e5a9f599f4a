namespace Vigil.Linux.Tests.Harness;

/// <summary>Waiting for the kernel's or a daemon's view to settle: polls a condition every 50 ms. The limit is an upper
/// bound for a loaded machine, never a timing assertion.</summary>
public static class Poll
{
    public static bool Until(Func<bool> condition, double seconds = 20)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var end = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition())
        {
            if (DateTime.UtcNow > end)
                return false;
            Thread.Sleep(50);
        }
        return true;
    }
}
