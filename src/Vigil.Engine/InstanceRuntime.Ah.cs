using Vigil.Core.Primitives;
using Vigil.Core.Protocol;
using Vigil.Engine.Logging;

namespace Vigil.Engine;

internal sealed partial class InstanceRuntime
{
    private int lastAhFailureLogged;
    private IpAddressValue lastAhFailureSource;

    /// <summary>keepalived's line for an AH advert refused as an authentication failure, telling which check failed
    /// (ICV, SPI, sequence). Within the instance's log rate limit, and only when the cause or the sender changes: a
    /// forger sending many adverts makes one line, then the counters speak.</summary>
    public void LogAhFailure(ReadOnlySpan<byte> datagram, uint local, MonotonicTime now)
    {
        if (datagram.Length < Ipv4Header.MinLength)
        {
            return;
        }

        var source = IpAddressValue.Read(datagram.Slice(12, 4));
        int cause = !VrrpAh.Verify(datagram, Expect.Password, Expect.IsUnicast) ? 1 : !VrrpAh.SpiIsSource(datagram) ? 2 : 3;
        if ((cause == lastAhFailureLogged && source == lastAhFailureSource) || !BeginLogLine(now))
        {
            return;
        }

        lastAhFailureLogged = cause;
        lastAhFailureSource = source;
        var ah = datagram[((datagram[0] & 0x0F) * 4)..];
        var log = engine.Logs.Vrrp;
        switch (cause)
        {
            case 1:
                log.AhInvalidIcv(Name, source.ToString());
                break;
            case 2:
                log.AhInvalidSpi(Name, IpAddressValue.Read(ah.Slice(4, 4)).ToString(), source.ToString());
                break;
            default:
                log.AhSequenceReplayed(Name, VrrpAh.ReadSequence(ah), local);
                break;
        }
    }

    /// <summary>A MASTER took a lower-priority sender's sequence number plus one (keepalived's line).</summary>
    public void LogAhSync(MonotonicTime now)
    {
        if (BeginLogLine(now))
        {
            engine.Logs.Vrrp.AhSequenceSynced(Name);
        }
    }
}
