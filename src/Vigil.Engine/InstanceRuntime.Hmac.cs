using Vigil.Config.Model;
using Vigil.Core.Primitives;
using Vigil.Core.Protocol;
using Vigil.Engine.Logging;

namespace Vigil.Engine;

/// <summary>keepalived 2.4's auth_hmac on one instance: the resolved settings, the replay marks of the senders heard
/// and the sequence of our own adverts. A reload keeps the marks and the sequence (so moving <c>active_key</c> or
/// adding a key is no flap and never reuses a sequence); only a changed key set or mode is taken from it.</summary>
internal sealed partial class InstanceRuntime
{
    private HmacSequencer? _hmacSequencer; // made on the first signed advert

    /// <summary>Null without auth_hmac (or when its active key is missing: keepalived then disables it).</summary>
    public HmacSettings? Hmac { get; private set; }

    /// <summary>The last sequence accepted from each signer; made on first use, since most instances never see a
    /// signed advert.</summary>
    public HmacReplayWindow HmacReplay => _hmacReplay ??= new();

    private HmacReplayWindow? _hmacReplay;

    /// <summary>Adverts accepted without a trailer (permissive and receive-only: a peer that does not sign
    /// yet).</summary>
    public long HmacUnsignedAccepted { get; set; }

    /// <summary>Adverts accepted with a verified trailer.</summary>
    public long HmacVerified { get; set; }

    private void BuildHmac(VrrpInstanceConfig config)
    {
        Hmac?.Dispose();
        if (config.AuthHmac is not { } h)
        {
            Hmac = null;
            return;
        }

        var keys = h.Keys.Where(k => k.Bytes is { Length: >= VrrpHmac.MinKeyLength and <= VrrpHmac.MaxKeyLength })
            .Select(k => KeyValuePair.Create((byte)k.Id, k.Bytes!)).ToList();
        if (!keys.Exists(k => k.Key == h.ActiveKey))
        {
            _engine.Logs.Auth.HmacActiveKeyUndefined(Name, h.ActiveKey);
            Hmac = null;
            return;
        }

        Hmac = new HmacSettings(keys, (byte)h.ActiveKey, h.Mode, h.AntiReplay, h.TimeWindowSeconds);
    }

    /// <summary>Signs the cached adverts for this send: one sequence and one HMAC per advert, copied to every unicast
    /// peer's copy (the HMAC covers neither the destination nor the checksum), as keepalived 2.4.3 does.</summary>
    private void SignHmac()
    {
        if (Hmac is not { Signs: true } hmac || _cachedEffects.Length == 0 || _ownAddress.Length is not (4 or 16))
        {
            return;
        }

        var sequence = (_hmacSequencer ??= new()).Next(_engine.UnixMicroseconds(), hmac);
        var source = IpAddressValue.Read(_ownAddress);
        Span<byte> first = default;
        foreach (var effect in _cachedEffects)
        {
            if (!System.Runtime.InteropServices.MemoryMarshal.TryGetArray(effect.Payload, out var segment))
            {
                continue;
            }

            var payload = segment.AsSpan();
            if (first.IsEmpty)
            {
                VrrpHmac.Sign(payload, source, hmac, sequence);
                first = payload;
            }
            else
            {
                first[^VrrpHmac.TrailerLength..].CopyTo(payload[^VrrpHmac.TrailerLength..]);
            }
        }
    }

    /// <summary>An advert passed the checks: remember a signed one's sequence, count the outcome, and warn (within the
    /// log rate limit) when the sender's clock is more than half the window from ours, before adverts start to fail
    /// as stale (keepalived 2.4.3's early NTP signal).</summary>
    public void NoteHmacAccepted(IpAddressValue source, HmacSequence sequence, bool signed, long nowUnixMicroseconds,
        MonotonicTime now)
    {
        if (signed)
        {
            HmacReplay.Accept(source, sequence);
            HmacVerified++;
            if (Hmac is { AntiReplay: HmacAntiReplay.Time } hmac)
            {
                long skew = sequence.SecondsSince(HmacSequence.FromUnixMicroseconds(nowUnixMicroseconds));
                if (Math.Abs(skew) * 2 > hmac.TimeWindowSeconds && BeginLogLine(now))
                {
                    _engine.Logs.Auth.HmacClockSkew(Name, skew, source.ToString(), hmac.TimeWindowSeconds);
                }
            }
        }
        else
        {
            HmacUnsignedAccepted++;
        }
    }

    private static long Skew(ReadOnlySpan<byte> message, long nowUnixMicroseconds) =>
        message.Length < VrrpHmac.TrailerLength
            ? 0
            : Math.Abs((long)VrrpHmac.ReadSequence(message)
                .SecondsSince(HmacSequence.FromUnixMicroseconds(nowUnixMicroseconds)));

    /// <summary>keepalived 2.4.3's log line for an auth_hmac drop (its wording, observed), within the instance's log
    /// rate limit, and only when the reason or the sender changes (a forger sending many adverts makes one line, then
    /// the counters speak).</summary>
    public void NoteHmacDrop(
        DropReason reason,
        IpAddressValue source,
        ReadOnlySpan<byte> message,
        long nowUnixMicroseconds,
        MonotonicTime now)
    {
        if ((_logMarks is { } marks && reason == marks.HmacDrop && source == marks.HmacSource) || !BeginLogLine(now))
        {
            return;
        }

        LogMarks.HmacDrop = reason;
        LogMarks.HmacSource = source;
        var log = _engine.Logs.Auth;
        var from = source.ToString();
        switch (reason)
        {
            case DropReason.AuthExtMissing:
                log.HmacTrailerMissing(Name, from);
                break;
            case DropReason.AuthExtMalformed:
                log.HmacTrailerMalformed(Name, from);
                break;
            case DropReason.AuthExtUnknownKey:
                log.HmacUnknownKey(
                    Name,
                    message.Length >= VrrpHmac.TrailerLength ? VrrpHmac.ReadKeyId(message) : 0,
                    from);
                break;
            case DropReason.AuthExtInvalidHmac:
                log.HmacInvalid(Name, from);
                break;
            case DropReason.AuthExtStale:
                log.HmacStale(
                    Name,
                    from,
                    Skew(message, nowUnixMicroseconds),
                    Hmac?.TimeWindowSeconds.ToString() ?? string.Empty);
                break;
            case DropReason.AuthExtReplay:
                log.HmacReplayed(Name, from);
                break;
        }
    }
}
