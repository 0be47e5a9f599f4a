using Vigil.Core.Primitives;
using Vigil.Core.Protocol;
using Vigil.Engine.Logging;

namespace Vigil.Engine;

internal sealed partial class InstanceRuntime
{
    /// <summary>keepalived's line for an AH advert refused as an authentication failure, telling which check failed
    /// (<paramref name="failure"/>, as the check found it: the ICV is not computed again here). Within the
    /// instance's log rate limit, and only when the cause or the sender changes: a forger sending many adverts makes
    /// one line, then the counters speak.</summary>
    public void LogAhFailure(ReadOnlySpan<byte> datagram, AhFailure failure, uint local, MonotonicTime now)
    {
        if (datagram.Length < Ipv4Header.MinLength || failure == AhFailure.None)
        {
            return;
        }

        var source = IpAddressValue.Read(datagram.Slice(12, 4));
        if ((_logMarks is { } marks && failure == marks.AhFailure && source == marks.AhSource) || !BeginLogLine(now))
        {
            return;
        }

        LogMarks.AhFailure = failure;
        LogMarks.AhSource = source;
        var ah = datagram[((datagram[0] & 0x0F) * 4)..];
        var log = _engine.Logs.Vrrp;
        switch (failure)
        {
            case AhFailure.Icv:
                log.AhInvalidIcv(Name, source.ToString());
                break;
            case AhFailure.Spi:
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
            _engine.Logs.Vrrp.AhSequenceSynced(Name);
        }
    }
}
