using System.Globalization;
using Vigil.Linux.Timing;

namespace Vigil.Linux.Tests.Timing;

/// <summary>The short scheduler slice reaches the calling thread only: the layout of sched_attr and the syscall
/// numbers are right, and a thread that did not ask (the spawner, whose children inherit) keeps the default.</summary>
public sealed class PromptWakeupsTests
{
    [Fact]
    public void The_calling_thread_gets_a_0_1_ms_slice_and_no_other_thread_does()
    {
        long? asked = null, other = null;
        int errno = -1;
        var thread = new Thread(() =>
        {
            errno = PromptWakeups.ForThisThread();
            asked = Slice();
        });
        thread.Start();
        thread.Join();
        var bystander = new Thread(() => other = Slice());
        bystander.Start();
        bystander.Join();

        Assert.SkipWhen(asked is null, "this kernel does not show se.slice in /proc (before 6.6)");
        Assert.Equal(0, errno);
        Assert.Equal(100_000, asked);
        Assert.NotEqual(100_000, other);
    }

    /// <summary>The calling thread's slice in ns, from /proc/thread-self/sched; null where the kernel has
    /// none.</summary>
    private static long? Slice()
    {
        foreach (var line in File.ReadLines("/proc/thread-self/sched"))
        {
            if (line.StartsWith("se.slice", StringComparison.Ordinal))
                return long.Parse(line[(line.IndexOf(':') + 1)..].Trim(), CultureInfo.InvariantCulture);
        }
        return null;
    }
}
