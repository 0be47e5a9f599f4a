using System.Net;
using Vigil.Core.Primitives;
using Vigil.Core.Routing;
using Vigil.Engine.Effects;
using Vigil.Core.Protocol;
using Vigil.Engine.Logging;

namespace Vigil.Engine;

internal sealed partial class InstanceRuntime
{
    public void SendAdvert(Priority priority)
    {
        if (_cachedPriority != priority.Value || _cachedEffects.Length == 0)
        {
            BuildAdverts(priority);
        }

        if (Expect.AuthType == VrrpAuthType.Ah)
        {
            // Every advert carries the next AH sequence number (one per advert, the same to every unicast peer).
            var sequence = AhSequence.NextToSend();
            foreach (var effect in _cachedEffects)
            {
                if (System.Runtime.InteropServices.MemoryMarshal.TryGetArray(effect.Payload, out var segment))
                {
                    VrrpAh.WriteSequence(segment.AsSpan(), sequence);
                }
            }
        }

        SignHmac();
        foreach (var effect in _cachedEffects)
        {
            _engine.Emit(effect);
        }
    }

    /// <summary>Builds (once per priority) the advert effects: one to the multicast group, or one per unicast peer
    /// (the v3 pseudo-header checksum differs per destination). Cached so a MASTER's steady adverts allocate
    /// nothing.</summary>
    private void BuildAdverts(Priority priority)
    {
        RefreshOwnAddress();
        var addresses = Expect.VirtualAddresses;
        var destinations = Config.IsUnicast
            ? Config.UnicastPeers.Select(p => p.Address).ToArray()
            : [VrrpEngine.MulticastGroup(Config, _engine.Globals)];
        var ttl = (byte)(Config.IsUnicast ? Math.Clamp(Config.UnicastTtl ?? 255, 1, 255) : 255);
        var source = _ownAddress.Length is 4 or 16 ? IpAddressValue.Read(_ownAddress) : default;
        var effects = new List<SendAdvert>(destinations.Length);
        foreach (var destination in destinations)
        {
            var spec = new VrrpAdvertSpec(Expect.Version, Family, Expect.VirtualRouterId, priority,
                Expect.Interval, source, IpAddressValue.FromIPAddress(destination), Expect.AuthType,
                Expect.Password, Expect.V3ChecksumAsV2);
            bool ah = spec.AuthType == VrrpAuthType.Ah;
            // auth_hmac: room for the 28-byte trailer after the advert, signed on each send (SignHmac).
            int trailer = Hmac is { Signs: true } ? VrrpHmac.TrailerLength : 0;
            var buffer = new byte[
                VrrpCodec.MessageLength(spec.Version, Family, addresses.Length) + (ah ? VrrpAh.HeaderLength : 0)
                + trailer];
            var length = ah
                ? VrrpAh.EncodeAdvert(spec, addresses, AhSequence.Value, buffer)
                : VrrpCodec.Encode(spec, addresses, buffer);
            length += length > 0 ? trailer : 0;
            if (length == 0)
            {
                if (ah && source.Family != IpFamily.IPv4)
                {
                    _engine.Logs.Vrrp.AhWithoutIPv4Source(Name, Interface);
                }
                else
                {
                    _engine.Logs.Vrrp.AdvertNotEncoded(Name);
                }

                continue;
            }

            // One destination (multicast, one peer): the array already holds it, kept with the cached advert.
            IReadOnlyList<IPAddress> to = destinations.Length == 1 ? destinations : [destination];
            effects.Add(new SendAdvert(Name, AdvertInterface, Family, _cachedSource, to, ttl,
                buffer.AsMemory(0, length), priority.Value)
            {
                AhKey = ah ? Expect.Password : null,
                AhUnicast = ah && Config.IsUnicast,
            });
        }

        _cachedEffects = effects.ToArray();
        _cachedPriority = priority.Value;
    }

    public void InstallAddresses()
    {
        // As keepalived: the drop rule is set before the VIPs appear, so no packet reaches them in between.
        UpdateFirewall(holding: true);
        foreach (var vip in Vips)
        {
            _engine.Emit(new AddAddress(Name, vip));
        }

        foreach (var vip in ExcludedVips)
        {
            _engine.Emit(new AddAddress(Name, vip));
        }

        AddressesInstalled = true;
        InstallRoutes();
    }

    public void RemoveAddresses()
    {
        RemoveRoutes();
        foreach (var vip in Vips)
        {
            _engine.Emit(new RemoveAddress(Name, vip));
        }

        foreach (var vip in ExcludedVips)
        {
            _engine.Emit(new RemoveAddress(Name, vip));
        }

        AddressesInstalled = false;
        UpdateFirewall(holding: false);
    }

    /// <summary>Times a VIP the kernel dropped while this instance was MASTER was added back.</summary>
    public long VipsRestored { get; private set; }

    /// <summary>See <see cref="VrrpEngine.OnAddressDeleted"/>.</summary>
    public void RestoreDeletedVip(string interfaceName, IPAddress address, MonotonicTime now)
    {
        foreach (var vip in Vips.Concat(ExcludedVips))
        {
            if (vip.Interface == interfaceName && vip.Address.Equals(address))
            {
                VipsRestored++;
                if (BeginLogLine(now))
                {
                    _engine.Logs.Vrrp.VipRestored(Name, vip.ToString()!, interfaceName);
                }

                _engine.Emit(new AddAddress(Name, vip));
                _engine.NoteAnnounceTime(now);
                _engine.EmitAnnounce(new Effects.Announce(Name, vip.Interface, vip.Address, FamilyOf(vip.Address)));
            }
        }
    }

    public void Announce(int repeat)
    {
        for (var r = 0; r < repeat; r++)
        {
            foreach (var vip in Vips)
            {
                _engine.EmitAnnounce(new Effects.Announce(Name, vip.Interface, vip.Address, FamilyOf(vip.Address)));
            }

            foreach (var vip in ExcludedVips)
            {
                _engine.EmitAnnounce(new Effects.Announce(Name, vip.Interface, vip.Address, FamilyOf(vip.Address)));
            }
        }
    }

    private static IpFamily FamilyOf(IPAddress a) =>
        a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? IpFamily.IPv6 : IpFamily.IPv4;

    // A counter never made has nothing to restart (its cycled flag is clear).
    public void BecomingMaster() => _ahSequence?.BecomingMaster();

    public void StateChanged(VrrpState from, VrrpState to, TransitionCause cause, MonotonicTime now)
    {
        // Checked as the machine left it; reported after the transition's own lines.
        var broken = TransitionInvariants.Broken(to, AddressesInstalled, Machine.TimerDeadline,
            Machine.EffectivePriority.Value);
        TrackAnnouncementsOnTransition(from, to, now);
        _engine.OnInstanceStateChanged(this, from, to, cause, now);
        if (broken is not null)
        {
            _engine.OnInvariantBroken(this, to, broken);
        }
    }

    public bool MayBecomeMaster(MonotonicTime now) => Group?.Group.MayBecomeMaster(Machine) ?? true;

    public void Log(MonotonicTime now, VrrpLogEvent logEvent, Priority theirPriority, Priority ourPriority,
        ReadOnlySpan<byte> sender)
    {
        if (logEvent == VrrpLogEvent.MasterReceivedLowerPriority)
        {
            // The notify is an event, not a log line: the machine already answers (and so calls this) at most
            // once per advert interval.
            _engine.NotifyEvent(this, "MASTER_RX_LOWER_PRI", Machine.EffectivePriority.Value,
                Config.NotifyMasterRxLowerPri);
        }

        // Checked before any formatting, so a refused line costs no allocation on the advert path.
        if (!BeginLogLine(now))
        {
            return;
        }

        var from = sender.Length is 4 or 16 ? new IPAddress(sender).ToString() : "?";
        var log = _engine.Logs.Vrrp;
        switch (logEvent)
        {
            case VrrpLogEvent.ReceivedLowerPriorityDiscarding:
                log.LowerPriorityDiscarded(Name, theirPriority.Value, from);
                break;
            case VrrpLogEvent.MasterReceivedHigherPriority:
                log.MasterSawHigherPriority(Name, from, theirPriority.Value, ourPriority.Value);
                break;
            case VrrpLogEvent.MasterReceivedEqualPriorityHigherAddress:
                log.MasterSawHigherAddress(Name, from, theirPriority.Value);
                break;
            case VrrpLogEvent.MasterReceivedLowerPriority:
                log.MasterSawLowerPriority(Name, from, theirPriority.Value, ourPriority.Value);
                break;
            case VrrpLogEvent.EqualPriorityFromOwnAddress:
                log.EqualPriorityFromOwnAddress(Name);
                break;
            case VrrpLogEvent.ReceiveTimeout:
                log.ReceiveTimeout(Name);
                break;
            case VrrpLogEvent.PreemptDelayStarted:
                log.PreemptDelayStarted(Name, theirPriority.Value, from);
                break;
            case VrrpLogEvent.BothAddressOwners:
                log.BothAddressOwners(Name, from);
                break;
            case VrrpLogEvent.RogueOwnerStillAdvertising:
                log.RogueOwnerStillAdvertising(Name, from);
                break;
            case VrrpLogEvent.RogueOwnerStopped:
                log.RogueOwnerStopped(Name);
                break;
            case VrrpLogEvent.OwnerPriorityRestored:
                log.OwnerPriorityRestored(Name);
                break;
            case VrrpLogEvent.SyncGroupHoldsMaster:
                log.SyncGroupHoldsMaster(Name, Group?.Name ?? string.Empty);
                break;
            default:
                log.ProtocolEvent(Name, logEvent.ToString());
                break;
        }
    }

    /// <summary>Rate limit for this instance's protocol log lines (see <see cref="LogRateLimiter"/>). Made with the
    /// first such line (for a MASTER, the receive timeout that made it one): a BACKUP that keeps hearing its master
    /// never writes one, so the backups' half of a pair saves 48 bytes an instance.</summary>
    private LogRateLimiter? _logLimiter;

    public long LogLinesSuppressed => _logLimiter?.TotalSuppressed ?? 0;

    public bool HasSuppressedLog => _logLimiter?.Pending > 0;

    /// <summary>True when a line may be written now; first reports the lines refused since the last one.</summary>
    private bool BeginLogLine(MonotonicTime now)
    {
        var limiter = _logLimiter ??= new LogRateLimiter();
        if (!limiter.TryTake(now))
        {
            _engine.InstanceSuppressedLog(this);
            return false;
        }

        if (limiter.Pending > 0)
        {
            EmitSuppressed(limiter);
        }

        return true;
    }

    /// <summary>Called on the engine's timers: once lines may flow again, say how many were refused, even when no
    /// new line comes to carry the news.</summary>
    public void ReportSuppressedLog(MonotonicTime now)
    {
        if (_logLimiter is { } limiter && limiter.CanReport(now))
        {
            EmitSuppressed(limiter);
        }
    }

    private void EmitSuppressed(LogRateLimiter limiter) =>
        _engine.Logs.Vrrp.LinesSuppressed(Name, limiter.TakePending(), LogRateLimiter.Burst);

    /// <summary>v3 only logs an interval mismatch; once per distinct received interval, so it is not per advert
    /// (and within the instance's log rate limit, since a sender can vary the interval on every advert).</summary>
    public void NoteIntervalMismatch(TimeSpan received, MonotonicTime now)
    {
        if (received != (_logMarks?.Mismatch ?? TimeSpan.Zero) && BeginLogLine(now))
        {
            LogMarks.Mismatch = received;
            _engine.Logs.Vrrp.IntervalMismatch(Name, Durations.Milliseconds(Machine.Parameters.AdvertInterval),
                Durations.Milliseconds(received));
        }
    }
}
