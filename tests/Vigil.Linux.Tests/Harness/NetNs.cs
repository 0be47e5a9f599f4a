using System.Runtime.ExceptionServices;
using Vigil.Linux.Native;

namespace Vigil.Linux.Tests.Harness;

/// <summary>
/// Runs a function on a fresh OS thread that has joined a network namespace. The network namespace is a
/// per-thread attribute, and sockets keep the namespace they were created in, so adapters (netlink, raw
/// sockets) built inside such a function work in that namespace from any thread afterwards. The thread
/// exits when the function returns, so no pooled thread is ever left in a foreign namespace.
/// </summary>
public static unsafe class NetNs
{
    public static T Run<T>(string name, Func<T> func)
    {
        T result = default!;
        ExceptionDispatchInfo? error = null;
        var thread = new Thread(() =>
        {
            try
            {
                using var ns = File.OpenHandle($"/run/netns/{name}");
                if (Libc.setns((int)ns.DangerousGetHandle(), Libc.CLONE_NEWNET) != 0)
                {
                    throw new InvalidOperationException(
                        $"setns {name}: errno {System.Runtime.InteropServices.Marshal.GetLastPInvokeError()}");
                }

                result = func();
            }
            catch (Exception e)
            {
                error = ExceptionDispatchInfo.Capture(e);
            }
        });
        thread.Start();
        thread.Join();
        error?.Throw();
        return result;
    }
}
