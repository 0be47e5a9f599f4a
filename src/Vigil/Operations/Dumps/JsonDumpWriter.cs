using System.Text;
using System.Text.Json;
using Vigil.Config.Model;
using Vigil.Core.Primitives;
using Vigil.Engine.Status;
using Vigil.Json;
using Vigil.Operations.Status;

namespace Vigil.Operations.Dumps;

/// <summary>The JSON dump (<c>/tmp/keepalived.json</c>, written on keepalived's JSON signal, `--signum=JSON`), in the
/// shape keepalived 2.4.3 writes: an array with one <c>{"data": {...}, "stats": {...}}</c> per instance, or with
/// <c>json_version 2</c> that array under <c>"vrrp"</c>. Keys and their order are keepalived's, because
/// keepalived-exporter (`--ka.json`) decodes <c>iname</c>, <c>state</c> (0 INIT, 1 BACKUP, 2 MASTER, 3 FAULT),
/// <c>wantstate</c>, <c>ifp_ifname</c>, <c>garp_delay</c>, <c>vrid</c>, <c>vips</c> and the counters. keepalived 2.4.3
/// lists a tracked script by its command only (<c>"track_script": ["'/path/check'"]</c>) and writes no script or
/// track_file state; those are in the data dump and in <c>vigil status --json</c>.</summary>
public static class JsonDumpWriter
{
    public static string Render(StatusSnapshot snapshot, int jsonVersion = 1)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        IReadOnlyList<DumpEntry> entries = [.. snapshot.Engine.Instances.Select(i =>
            Entry(snapshot, i, snapshot.Config?.Instances.FirstOrDefault(c => c.Name == i.Name)))];
        // Relaxed escaping: keepalived writes the quotes around a script's command as they are ("'/path/check'").
        var context = VigilJsonContext.Relaxed;
        var json = jsonVersion >= 2
            ? JsonSerializer.SerializeToUtf8Bytes(new DumpV2(entries), context.DumpV2)
            : JsonSerializer.SerializeToUtf8Bytes(entries, context.IReadOnlyListDumpEntry);
        return Encoding.UTF8.GetString(json) + "\n";
    }

    /// <summary>keepalived's state numbers; STOP and DELETED only exist while an instance goes away.</summary>
    public static int StateNumber(VrrpState state) => state switch
    {
        VrrpState.Backup => 1,
        VrrpState.Master => 2,
        VrrpState.Fault => 3,
        _ => 0,
    };

    private static DumpEntry Entry(StatusSnapshot snapshot, InstanceStatus i, VrrpInstanceConfig? c)
    {
        var transition = snapshot.ToWall(i.LastTransitionAt);
        var scripts = i.Trackers.Where(t => t.Kind == "script").ToList();
        var data = new DumpData
        {
            Iname = i.Name,
            DontTrackPrimary = c?.DontTrackPrimary == true ? 1 : 0,
            SkipCheckAdvAddr = c?.SkipCheckAdvAddr == true ? 1 : 0,
            StrictMode = c?.Strict == true ? 1 : 0,
            VmacIfname = "",
            IfpIfname = i.Interface,
            MasterPriority = i.State == VrrpState.Backup ? i.MasterPriority ?? 0 : 0,
            LastTransition = Math.Round(
                (transition.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / (double)TimeSpan.TicksPerSecond, 6),
            GarpDelay = (c?.GarpMasterDelayMs ?? 5000) / 1000,
            GarpRefresh = (c?.GarpMasterRefreshMs ?? 0) / 1000,
            GarpRep = c?.GarpMasterRepeat ?? 5,
            GarpRefreshRep = c?.GarpMasterRefreshRepeat ?? 1,
            GarpLowerPrioDelay = (c?.GarpLowerPrioDelayMs ?? 5000) / 1000,
            GarpLowerPrioRep = c?.GarpLowerPrioRepeat ?? 5,
            LowerPrioNoAdvert = c?.LowerPrioNoAdvert == true ? 1 : 0,
            HigherPrioSendAdvert = c?.HigherPrioSendAdvert == true ? 1 : 0,
            Vrid = i.Vrid,
            BasePriority = i.BasePriority,
            EffectivePriority = i.EffectivePriority,
            Vipset = i.State == VrrpState.Master && i.VirtualIpAddresses.Count > 0,
            PromoteSecondaries = c?.PromoteSecondaries == true,
            AdverInt = i.AdvertIntervalMs / 1000,
            MasterAdverInt = i.MasterAdvertIntervalMs / 1000,
            Accept = c?.Accept == false ? 0 : 1,
            Nopreempt = !i.Preempt,
            PreemptDelay = i.PreemptDelayMs / 1000,
            State = StateNumber(i.State),
            Wantstate = DataDumpWriter.WantsMaster(i) ? 2 : 1,
            Version = i.Version,
            SmtpAlert = c?.SmtpAlert == true,
            NotifyDeleted = c?.NotifyDeleted is not null,
            Vips = [.. DataDumpWriter.VipLines(i, c)],
            TrackScript = scripts.Count == 0 ? null : [.. scripts.Select(t =>
            {
                var command = snapshot.Config?.Scripts.FirstOrDefault(s => s.Name == t.Name)?.Command;
                return "'" + (command is null ? t.Name : string.Join(' ', command)) + "'";
            })],
            AuthType = (int)(c?.AuthType ?? AuthType.None),
        };
        return new DumpEntry(data, Stats(i.Counters));
    }

    private static DumpStats Stats(InstanceCounters c) => new()
    {
        AdvertRcvd = c.AdvertsReceived,
        AdvertSent = c.AdvertsSent,
        BecomeMaster = c.BecomeMaster,
        ReleaseMaster = c.ReleaseMaster,
        PacketLenErr = Drop(c, "packet_length"),
        AdvertIntervalErr = Drop(c, "interval_mismatch"),
        IpTtlErr = Drop(c, "ttl"),
        InvalidTypeRcvd = Drop(c, "invalid_type"),
        AddrListErr = Drop(c, "address_list"),
        InvalidAuthtype = Drop(c, "auth_type_invalid"),
        AuthtypeMismatch = Drop(c, "auth_type_mismatch"),
        AuthFailure = Drop(c, "auth_failure"),
        AuthExtMissing = Drop(c, "auth_ext_missing"),
        AuthExtMalformed = Drop(c, "auth_ext_malformed"),
        AuthExtUnknownKey = Drop(c, "auth_ext_unknown_key"),
        AuthExtInvalidHmac = Drop(c, "auth_ext_invalid_hmac"),
        AuthExtStale = Drop(c, "auth_ext_stale"),
        AuthExtReplay = Drop(c, "auth_ext_replay"),
        PriZeroRcvd = c.PriorityZeroReceived,
        PriZeroSent = c.PriorityZeroSent,
    };

    private static long Drop(InstanceCounters c, string reason) => c.Dropped.TryGetValue(reason, out var n) ? n : 0;
}
