namespace Vigil.Core.Primitives;

public enum IpFamily
{
    IPv4,
    IPv6,
}
