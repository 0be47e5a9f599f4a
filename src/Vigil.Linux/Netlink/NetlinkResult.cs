namespace Vigil.Linux.Netlink;

/// <summary>The outcome of one rtnetlink request. Errno 0 is success; idempotent requests report
/// "already there"/"already gone" as success with <see cref="AlreadyDone"/> set.</summary>
public readonly record struct NetlinkResult(int Errno, bool AlreadyDone = false)
{
    public bool Ok => Errno == 0;

    public static NetlinkResult Success => new(0);

    public string Describe() =>
        Ok ? (AlreadyDone ? "already in that state" : "ok") : $"errno {Errno} ({ErrnoName(Errno)})";

    private static string ErrnoName(int e) => e switch
    {
        1 => "EPERM",
        13 => "EACCES",
        17 => "EEXIST",
        19 => "ENODEV",
        22 => "EINVAL",
        99 => "EADDRNOTAVAIL",
        110 => "ETIMEDOUT",
        _ => "error",
    };
}
