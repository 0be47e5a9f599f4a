using System.Runtime.InteropServices;

namespace Vigil.Linux.Native;

/// <summary>The few libc calls .NET does not expose: raw sockets for protocol 112, recvmsg with ancillary
/// data, posix_spawn with a process group, waitpid and kill. Linux x86-64/arm64 (LP64) layouts.</summary>
internal static unsafe partial class Libc
{
    public const int AF_INET = 2, AF_INET6 = 10, AF_NETLINK = 16, AF_PACKET = 17;
    public const int SOCK_DGRAM = 2, SOCK_RAW = 3, SOCK_CLOEXEC = 0x80000;
    public const int SOL_SOCKET = 1, SO_RCVBUF = 8, SO_RCVTIMEO = 20, SO_BINDTODEVICE = 25;
    public const int IPPROTO_IP = 0, IPPROTO_IPV6 = 41, IPPROTO_ICMPV6 = 58, IPPROTO_VRRP = 112;
    public const int IP_TOS = 1, IP_TTL = 2, IP_HDRINCL = 3, IP_PKTINFO = 8;
    public const int IP_MULTICAST_IF = 32, IP_MULTICAST_TTL = 33, IP_MULTICAST_LOOP = 34, IP_ADD_MEMBERSHIP = 35;
    public const int IPV6_CHECKSUM = 7, IPV6_UNICAST_HOPS = 16, IPV6_MULTICAST_IF = 17, IPV6_MULTICAST_HOPS = 18;
    public const int IPV6_MULTICAST_LOOP = 19, IPV6_ADD_MEMBERSHIP = 20, IPV6_RECVPKTINFO = 49, IPV6_PKTINFO = 50;
    public const int IPV6_RECVHOPLIMIT = 51, IPV6_HOPLIMIT = 52;
    public const int MSG_DONTROUTE = 4, MSG_DONTWAIT = 0x40;
    public const int EINTR = 4, EAGAIN = 11, ENOENT = 2, ESRCH = 3, ECHILD = 10;
    public const int SIGKILL = 9, SIGTERM = 15;
    public const int O_RDONLY = 0, O_WRONLY = 1, O_RDWR = 2, O_NONBLOCK = 0x800, O_CLOEXEC = 0x80000;
    public const short POSIX_SPAWN_SETPGROUP = 0x02, POSIX_SPAWN_SETSIGDEF = 0x04, POSIX_SPAWN_SETSIGMASK = 0x08;
    public const int CLONE_NEWNET = 0x40000000;
    public const int AT_FDCWD = -100, AT_SYMLINK_NOFOLLOW = 0x100;

    /// <summary>struct statx: 256 bytes, the same layout on every architecture.</summary>
    public const int StatxSize = 256;

    [LibraryImport("libc", SetLastError = true)]
    public static partial int socket(int domain, int type, int protocol);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int close(int fd);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int statx(int dirfd, byte* path, int flags, uint mask, byte* buffer);

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int statx(int dirfd, string path, int flags, uint mask, byte* buffer);

    /// <summary>The index of the interface named <paramref name="name"/> in this network namespace, 0 if
    /// none.</summary>
    [LibraryImport("libc", StringMarshalling = StringMarshalling.Utf8)]
    public static partial uint if_nametoindex(string name);

    /// <summary>signal(2); only used with SIG_DFL (0) to undo a disposition inherited as ignored.</summary>
    [LibraryImport("libc", SetLastError = true)]
    public static partial nint signal(int signum, nint handler);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int bind(int fd, byte* addr, int addrlen);

    [LibraryImport("libc", SetLastError = true)]
    public static partial nint recvmsg(nint fd, MsgHdr* msg, int flags);

    [LibraryImport("libc", SetLastError = true)]
    public static partial nint sendmsg(nint fd, MsgHdr* msg, int flags);

    [LibraryImport("libc", SetLastError = true)]
    public static partial nint sendto(nint fd, byte* buf, nuint len, int flags, byte* addr, int addrlen);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int kill(int pid, int sig);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int waitpid(int pid, int* status, int options);

    public const int WNOHANG = 1;

    /// <summary>Like waitpid, but with WNOWAIT it can look at an ended child without reaping it.</summary>
    [LibraryImport("libc", SetLastError = true)]
    public static partial int waitid(int idtype, int id, byte* info, int options);

    public const int P_PID = 1, WEXITED = 4, WNOWAIT = 0x01000000;
    public const int CLD_EXITED = 1, CLD_KILLED = 2, CLD_DUMPED = 3;

    // siginfo_t is 128 bytes; for SIGCHLD (LP64): si_code at 8, then the union at 16: si_pid, si_uid, si_status.
    public const int SigInfoSize = 128, SigInfoCodeOffset = 8, SigInfoPidOffset = 16, SigInfoStatusOffset = 24;

    /// <summary>A descriptor that becomes readable when the process exits (Linux 5.3, glibc 2.36); it is
    /// close-on-exec. Used to wait for many children with one poll instead of one blocked thread each.</summary>
    [LibraryImport("libc", SetLastError = true)]
    public static partial int pidfd_open(int pid, uint flags);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int setns(int fd, int nstype);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int open(byte* path, int flags, int mode);

    // The string overloads encode the path on the stack (the generated UTF-8 marshaller; native memory past 256
    // bytes), so a call allocates nothing on the managed heap.
    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int open(string path, int flags, int mode);

    // net_namespace: a mount namespace of the thread's own with the namespace's sysfs, then a fresh image.
    public const int CLONE_NEWNS = 0x00020000, MS_REC = 0x4000, MS_SLAVE = 0x80000, MNT_DETACH = 2;
    public const int F_GETFD = 1, F_SETFD = 2, FD_CLOEXEC = 1, SO_PROTOCOL = 38, SO_DOMAIN = 39;

    [LibraryImport("libc", SetLastError = true)]
    public static partial int unshare(int flags);

    [LibraryImport("libc", SetLastError = true)]
    public static partial uint if_nametoindex(byte* name);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int mount(byte* source, byte* target, byte* fstype, nuint flags, void* data);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int umount2(byte* target, int flags);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int execve(byte* path, byte** argv, byte** envp);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int fcntl(int fd, int cmd, int arg);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int getsockopt(int fd, int level, int name, void* value, int* length);

    [LibraryImport("libc", SetLastError = true)]
    public static partial nint write(int fd, byte* buf, nuint count);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int mkfifo(string path, int mode);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int access(byte* path, int mode);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int access(string path, int mode);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int eventfd(uint initval, int flags);

    [LibraryImport("libc", SetLastError = true)]
    public static partial nint read(int fd, byte* buf, nuint count);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int ppoll(PollFd* fds, nuint nfds, TimeSpec* timeout, void* sigmask);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int prctl(int option, nuint arg2, nuint arg3, nuint arg4, nuint arg5);

    public const int EFD_NONBLOCK = 0x800, EFD_CLOEXEC = 0x80000, POLLIN = 1, PR_SET_TIMERSLACK = 29;

    [StructLayout(LayoutKind.Sequential)]
    public struct PollFd
    {
        public int Fd;
        public short Events;
        public short Revents;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [LibraryImport("libc")]
    public static partial int geteuid();

    [LibraryImport("libc")]
    public static partial int getpid();

    // posix_spawn: the attribute and file-action objects are opaque; glibc's are 336 and 80 bytes.
    public const int SpawnObjectSize = 512;

    [LibraryImport("libc")]
    public static partial int posix_spawnattr_init(void* attr);

    [LibraryImport("libc")]
    public static partial int posix_spawnattr_destroy(void* attr);

    [LibraryImport("libc")]
    public static partial int posix_spawnattr_setflags(void* attr, short flags);

    [LibraryImport("libc")]
    public static partial int posix_spawnattr_setpgroup(void* attr, int pgroup);

    [LibraryImport("libc")]
    public static partial int posix_spawnattr_setsigdefault(void* attr, void* sigset);

    [LibraryImport("libc")]
    public static partial int posix_spawnattr_setsigmask(void* attr, void* sigset);

    [LibraryImport("libc")]
    public static partial int posix_spawn_file_actions_init(void* actions);

    [LibraryImport("libc")]
    public static partial int posix_spawn_file_actions_destroy(void* actions);

    [LibraryImport("libc")]
    public static partial int posix_spawn_file_actions_addopen(void* actions, int fd, byte* path, int oflag, int mode);

    [LibraryImport("libc")]
    public static partial int posix_spawn_file_actions_addclosefrom_np(void* actions, int from);

    [LibraryImport("libc")]
    public static partial int posix_spawn(int* pid, byte* path, void* actions, void* attr, byte** argv, byte** envp);

    [LibraryImport("libc")]
    public static partial int sigemptyset(void* set);

    [LibraryImport("libc")]
    public static partial int sigfillset(void* set);

    public const int SigSetSize = 128;

    [StructLayout(LayoutKind.Sequential)]
    public struct IoVec
    {
        public void* Base;
        public nuint Length;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct MsgHdr
    {
        public void* Name;
        public uint NameLength;
        public IoVec* Iov;
        public nuint IovLength;
        public void* Control;
        public nuint ControlLength;
        public int Flags;
    }

    /// <summary>CMSG_ALIGN for LP64.</summary>
    public static int CmsgAlign(int n) => (n + 7) & ~7;

    public static int CmsgSpace(int dataLength) => CmsgAlign(16) + CmsgAlign(dataLength);
}
