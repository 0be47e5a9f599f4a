using System.Net;
using Vigil.Config.Model;
using Vigil.Core.Primitives;
using Vigil.Core.Protocol;
using Vigil.Engine.Effects;

namespace Vigil.Engine.Tests;

/// <summary>One engine with interface eth0 at 192.0.2.10, loaded at t = 0, with helpers to feed adverts.</summary>
internal sealed class EngineHarness
{
    public static readonly IPAddress Own = IPAddress.Parse("192.0.2.10");
    public static readonly byte[] Group = [224, 0, 0, 18];

    public EngineHarness(VigilConfig config)
    {
        Engine.OnInterfaceAddress("eth0", IpFamily.IPv4, Own, Now);
        Engine.Load(config, Now);
    }

    public VrrpEngine Engine { get; } = new();
    public MonotonicTime Now { get; private set; } = MonotonicTime.FromMilliseconds(1000);
    public List<EngineEffect> All { get; } = [];

    public List<EngineEffect> Take()
    {
        var list = new List<EngineEffect>();
        Engine.DrainEffects(list);
        All.AddRange(list);
        return list;
    }

    public void Advance(TimeSpan span) => RunUntil(Now + span);

    public void RunUntil(MonotonicTime end)
    {
        while (Engine.NextDeadline <= end)
        {
            Now = Engine.NextDeadline;
            Engine.OnTimer(Now);
        }

        Now = end;
    }

    public static byte[] Advert(
        byte vrid,
        byte priority,
        int version = 2,
        int intervalCs = 100,
        string source = "192.0.2.20",
        params string[] vips)
    {
        var spec = new VrrpAdvertSpec(version == 2 ? VrrpVersion.V2 : VrrpVersion.V3, IpFamily.IPv4, new(vrid),
            new(priority), VrrpWire.FromCentiseconds(intervalCs),
            IpAddressValue.Parse(source), IpAddressValue.Read(Group));
        var addresses = vips.Select(IpAddressValue.Parse).ToArray();
        var buffer = new byte[64];
        var n = VrrpCodec.Encode(spec, addresses, buffer);
        return buffer[..n];
    }

    public Vigil.Core.Protocol.DropReason Receive(byte[] message, string source = "192.0.2.20", byte ttl = 255) =>
        Engine.OnAdvertReceived(
            "eth0",
            IpFamily.IPv4,
            IPAddress.Parse(source).GetAddressBytes(),
            Group,
            ttl,
            message,
            Now);
}
