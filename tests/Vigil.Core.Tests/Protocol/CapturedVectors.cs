using Xunit;

namespace Vigil.Core.Tests.Protocol;

/// <summary>The frames of tests/data/vectors, copied verbatim from the "frame hex" lines so the tests do not
/// need the files at run time. Expected fields are those of the tcpdump decode lines.</summary>
public static class CapturedVectors
{
    // v2-adv1.txt: VRRPv2, vrid 51, prio 150, authtype none, intvl 1s, addrs: 198.51.100.1
    public static readonly CapturedVector V2Adv1 = new("v2-adv1",
        "01005e00001202000000000b080045c0002800010000ff701887c000020be00000122133960100011e95c63364010000000000000000",
        2, 51, 150, 100, ["198.51.100.1"], null, 1, 100);

    public static readonly CapturedVector V2Adv1Prio0 = new("v2-adv1 priority 0",
        "01005e00001202000000000b080045c0002800040000ff701884c000020be0000012213300010001b495c63364010000000000000000",
        2, 51, 0, 100, ["198.51.100.1"], null, 4, 100);

    // v2-auth-2vip.txt: vrid 52, prio 200, authtype simple, intvl 2s, addrs(2), auth "secret1"
    public static readonly CapturedVector V2Auth = new("v2-auth-2vip",
        "01005e00001202000000000b080045c0002c00010000ff701883c000020be00000122134c8020102540dc6336402c" +
            "63364037365637265743100",
        2, 52, 200, 200, ["198.51.100.2", "198.51.100.3"], "secret1", 1, 200);

    public static readonly CapturedVector V2AuthPrio0 = new("v2-auth-2vip priority 0",
        "01005e00001202000000000b080045c0002c00030000ff701881c000020be00000122134000201021c0ec6336402c" +
            "63364037365637265743100",
        2, 52, 0, 200, ["198.51.100.2", "198.51.100.3"], "secret1", 3, 200);

    // v3-adv0.1.txt: VRRPv3, vrid 51, prio 150, intvl 10cs, addrs: 198.51.100.1
    public static readonly CapturedVector V3Adv01 = new("v3-adv0.1",
        "01005e00001202000000000b080045c0002000010000ff70188fc000020be000001231339601000a6bf1c6336401",
        3, 51, 150, 10, ["198.51.100.1"], null, 1, 10);

    public static readonly CapturedVector V3Adv01Prio0 = new("v3-adv0.1 priority 0",
        "01005e00001202000000000b080045c00020001b0000ff701875c000020be000001231330001000a01f2c6336401",
        3, 51, 0, 10, ["198.51.100.1"], null, 27, 10);

    // v3-adv1-3vip.txt: vrid 53, prio 254, intvl 100cs, addrs(3)
    public static readonly CapturedVector V3ThreeVip = new("v3-adv1-3vip",
        "01005e00001202000000000b080045c0002800010000ff701887c000020be00000123135fe030064af14c6336404c6336405c6336406",
        3, 53, 254, 100, ["198.51.100.4", "198.51.100.5", "198.51.100.6"], null, 1, 100);

    public static readonly CapturedVector V3ThreeVipPrio0 = new("v3-adv1-3vip priority 0",
        "01005e00001202000000000b080045c0002800040000ff701884c000020be0000012313500030064ad15c6336404c6336405c6336406",
        3, 53, 0, 100, ["198.51.100.4", "198.51.100.5", "198.51.100.6"], null, 4, 100);

    public static readonly CapturedVector[] All =
        [V2Adv1, V2Adv1Prio0, V2Auth, V2AuthPrio0, V3Adv01, V3Adv01Prio0, V3ThreeVip, V3ThreeVipPrio0];

    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (var v in All)
        {
            data.Add(v.Name);
        }

        return data;
    }

    public static CapturedVector Get(string name) => All.Single(v => v.Name == name);
}
