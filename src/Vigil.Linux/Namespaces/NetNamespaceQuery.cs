using System.Text;
using Vigil.Linux.Native;

namespace Vigil.Linux.Namespaces;

/// <summary>Questions asked inside another network namespace without moving the process: each runs on a thread of
/// its own that enters the namespace and ends with the answer (the namespace is a per-thread attribute).</summary>
public static unsafe class NetNamespaceQuery
{
    /// <summary>Whether network namespace <paramref name="netNamespace"/> has interface <paramref name="name"/>;
    /// null when the namespace cannot be entered.</summary>
    public static bool? InterfaceExists(string netNamespace, string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        bool? answer = null;
        var thread = new Thread(() =>
        {
            fixed (byte* path = Encoding.UTF8.GetBytes(NetNamespaceEntry.PathOf(netNamespace) + "\0"))
            {
                int ns = Libc.open(path, Libc.O_RDONLY | Libc.O_CLOEXEC, 0);
                if (ns < 0)
                    return;
                int rc = Libc.setns(ns, Libc.CLONE_NEWNET);
                Libc.close(ns);
                if (rc != 0)
                    return;
            }
            fixed (byte* n = Encoding.UTF8.GetBytes(name + "\0"))
                answer = Libc.if_nametoindex(n) != 0;
        }) { IsBackground = true, Name = "netns-query" };
        thread.Start();
        thread.Join();
        return answer;
    }
}
