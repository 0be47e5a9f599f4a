using System.Globalization;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Vigil.Linux.Native;

namespace Vigil.Linux.Processes;

/// <summary>
/// Carries the process event connector across net_namespace's re-execution. The kernel serves the connector in the
/// initial network namespace only, and a socket keeps the namespace it was made in, so the socket is opened before
/// the move (as keepalived does), left open across execve, and named to the new image in <see cref="Variable"/>.
/// The new image marks it close-on-exec at once, so no script ever inherits it.
/// </summary>
public static unsafe class ProcConnectorHandover
{
    public const string Variable = "VIGIL_PROC_CONNECTOR_FD";
    private const int NetlinkConnector = 11;

    /// <summary>Kept referenced until execve, so the finaliser never closes the descriptor.</summary>
    private static Socket? s_keep;

    /// <summary>Opens the connector here for the next image: its descriptor (inheritable), or null and why
    /// not.</summary>
    public static (string? Descriptor, string Detail) OpenForExec()
    {
        var (socket, detail) = ProcConnector.Open();
        if (socket is null)
            return (null, detail);
        int fd = (int)socket.SafeHandle.DangerousGetHandle();
        if (Libc.fcntl(fd, Libc.F_SETFD, 0) != 0)
        {
            var error = Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError());
            socket.Dispose();
            return (null, $"cannot keep the connector open across exec ({error})");
        }
        s_keep = socket;
        return (fd.ToString(CultureInfo.InvariantCulture), detail);
    }

    /// <summary>In the new image: takes the descriptor named in <see cref="Variable"/>, if any, marks it
    /// close-on-exec, removes the variable, and gives it to the process monitor. Returns null when there was none
    /// or it was taken, otherwise why it was refused.</summary>
    public static string? Adopt()
    {
        var value = Environment.GetEnvironmentVariable(Variable);
        if (value is null)
            return null;
        Environment.SetEnvironmentVariable(Variable, null);
        if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int fd) || fd < 3)
            return $"{Variable}={value} is not a descriptor number; ignored";
        if (Libc.fcntl(fd, Libc.F_SETFD, Libc.FD_CLOEXEC) != 0)
            return $"{Variable}={value}: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}; ignored";
        if (SocketOption(fd, Libc.SO_DOMAIN) != Libc.AF_NETLINK
            || SocketOption(fd, Libc.SO_PROTOCOL) != NetlinkConnector)
        {
            return $"{Variable}={value} is not a process event connector socket; ignored";
        }

        var socket = new Socket(new SafeSocketHandle(fd, ownsHandle: true));
        ProcConnector.HandOver(socket);
        return null;
    }

    private static int SocketOption(int fd, int name)
    {
        int value = -1, length = sizeof(int);
        return Libc.getsockopt(fd, Libc.SOL_SOCKET, name, &value, &length) == 0 ? value : -1;
    }
}
