namespace Vigil.Core.Tests.Protocol;

/// <summary>One Ethernet frame captured from keepalived 2.2.7 (tests/data/vectors/*.txt), with the fields
/// tcpdump decoded from it.</summary>
public sealed record CapturedVector(
    string Name,
    string FrameHex,
    int Version,
    byte Vrid,
    byte Priority,
    int IntervalCentiseconds,
    string[] Addresses,
    string? Password,
    ushort IpId,
    int ConfiguredInterval)
{
    public byte[] Frame => Convert.FromHexString(FrameHex);

    public override string ToString() => Name;
}
