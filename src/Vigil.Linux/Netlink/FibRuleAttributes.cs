namespace Vigil.Linux.Netlink;

/// <summary>FRA_* attribute types of a fib rule (linux/fib_rules.h), shared by the requests and the parser of
/// notifications.</summary>
internal static class FibRuleAttributes
{
    public const ushort Dst = 1, Src = 2, IifName = 3, Goto = 4, Priority = 6, Fwmark = 10, Flow = 11, TunId = 12,
        SuppressIfGroup = 13, SuppressPrefixLen = 14, Table = 15, Fwmask = 16, OifName = 17, L3mdev = 19, UidRange = 20,
        Protocol = 21, IpProto = 22, SportRange = 23, DportRange = 24;
}
