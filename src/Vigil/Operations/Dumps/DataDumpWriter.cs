using System.Globalization;
using System.Text;
using Vigil.Config.Model;
using Vigil.Core.Primitives;
using Vigil.Engine.Status;
using Vigil.Operations.Status;

namespace Vigil.Operations.Dumps;

/// <summary>The SIGUSR1 dump (<c>/tmp/keepalived.data</c>): configuration and state as text, in keepalived's layout —
/// a section header line, " VRRP Instance = NAME" / " VRRP Script = NAME" openers, "   Key = value" properties,
/// "     value" continuation lines — because tools such as keepalived-exporter parse exactly that. keepalived does
/// not promise the format; what matters is that instance names, states, VIPs and script states read back.</summary>
public static class DataDumpWriter
{
    public static string Render(StatusSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var o = new StringBuilder(2048 + snapshot.Engine.Instances.Count * 1024);
        var config = snapshot.Config;

        o.Append("------< Global definitions >------\n");
        Line(o, " Vigil version", $"{snapshot.Daemon.Version}, pid {snapshot.Daemon.Pid}");
        Line(o, " Configuration file", snapshot.Daemon.ConfigPath);
        Line(o, " Router ID", config?.Global.RouterId ?? "(host name)");
        Line(o, " Dump time", Stamp(snapshot.WallNow));

        o.Append("------< VRRP Topology >------\n");
        foreach (var i in snapshot.Engine.Instances)
            WriteInstance(o, snapshot, i, config?.Instances.FirstOrDefault(c => c.Name == i.Name));

        if (snapshot.Engine.SyncGroups.Count > 0)
        {
            o.Append("------< VRRP Sync groups >------\n");
            foreach (var g in snapshot.Engine.SyncGroups)
            {
                o.Append(CultureInfo.InvariantCulture, $" VRRP Sync Group = {g.Name}, {DumpState(g.State)}\n");
                o.Append("   VRRP member instances :\n");
                foreach (var m in g.Members)
                    o.Append("     ").Append(m).Append('\n');
            }
        }

        o.Append("------< VRRP Scripts >------\n");
        foreach (var s in snapshot.Engine.Scripts)
            WriteScript(o, snapshot, s, config?.Scripts.FirstOrDefault(c => c.Name == s.Name));
        WriteTrackFiles(o, snapshot);
        WriteTrackProcesses(o, snapshot);
        return o.ToString();
    }

    private static void WriteInstance(
        StringBuilder o,
        StatusSnapshot snapshot,
        InstanceStatus i,
        VrrpInstanceConfig? config)
    {
        // keepalived 2.4.3's lines and order; Vigil's own facts (master router, fault reasons) follow its lines.
        Line(o, " VRRP Instance", i.Name);
        Line(o, "   VRRP Version", i.Version.ToString(CultureInfo.InvariantCulture));
        Line(o, "   State", DumpState(i.State));
        o.Append("   Flags: none\n");
        Line(o, "   Wantstate", WantsMaster(i) ? "MASTER" : "BACKUP");
        Line(o, "   Number of config faults", "0");
        Line(o, "   Number of tracker faults", i.FaultReasons.Count.ToString(CultureInfo.InvariantCulture));
        o.Append("   Flags of interface faults - (none)\n");
        Line(o, "   Number of track scripts init",
            i.Trackers.Count(t => t.Kind == "script" && t.State == "INIT").ToString(CultureInfo.InvariantCulture));
        Line(o, "   Last transition", Stamp(snapshot.ToWall(i.LastTransitionAt)));
        if (i.NextTimer.Microseconds > 0)
            Line(o, "   Read timeout", Stamp(snapshot.ToWall(i.NextTimer)));
        Line(o, "   Master down timer", $"{(long)i.MasterDownIntervalMs * 1000} usecs");
        Line(o, "   Interface", i.Interface);
        if ((config?.UnicastSrcIp ?? config?.McastSrcIp) is { } src)
            Line(o, "   Using src_ip", src.ToString());
        if (config is { IsUnicast: false })
            o.Append("   Multicast address ").Append(config.McastDstIp).Append('\n');
        if (config is not null)
        {
            Line(
                o,
                "   Gratuitous ARP delay",
                (config.GarpMasterDelayMs / 1000).ToString(CultureInfo.InvariantCulture));
            Line(o, "   Gratuitous ARP repeat", config.GarpMasterRepeat.ToString(CultureInfo.InvariantCulture));
            Line(
                o,
                "   Gratuitous ARP refresh",
                (config.GarpMasterRefreshMs / 1000).ToString(CultureInfo.InvariantCulture));
            Line(
                o,
                "   Gratuitous ARP refresh repeat",
                config.GarpMasterRefreshRepeat.ToString(CultureInfo.InvariantCulture));
            Line(
                o,
                "   Gratuitous ARP lower priority delay",
                (config.GarpLowerPrioDelayMs / 1000).ToString(CultureInfo.InvariantCulture));
            Line(
                o,
                "   Gratuitous ARP lower priority repeat",
                config.GarpLowerPrioRepeat.ToString(CultureInfo.InvariantCulture));
            Line(o, "   Down timer adverts", config.DownTimerAdverts.ToString(CultureInfo.InvariantCulture));
            Line(o, "   Send advert after receive lower priority advert", config.LowerPrioNoAdvert ? "false" : "true");
            Line(
                o,
                "   Send advert after receive higher priority advert",
                config.HigherPrioSendAdvert ? "true" : "false");
        }
        Line(o, "   Virtual Router ID", i.Vrid.ToString(CultureInfo.InvariantCulture));
        Line(o, "   Priority", i.BasePriority.ToString(CultureInfo.InvariantCulture));
        Line(o, "   Effective priority", i.EffectivePriority.ToString(CultureInfo.InvariantCulture));
        Line(o, "   Total priority", i.TotalPriority.ToString(CultureInfo.InvariantCulture));
        Line(
            o,
            "   Advert interval",
            i.AdvertIntervalMs % 1000 == 0 ? $"{i.AdvertIntervalMs / 1000} sec" : $"{i.AdvertIntervalMs} milli-sec");
        if (config is not null)
            Line(o, "   Accept", config.Accept ? "enabled" : "disabled");
        Line(o, "   Preempt", i.Preempt ? "enabled" : "disabled");
        if (i.PreemptDelayMs > 0)
            Line(o, "   Preempt delay", $"{i.PreemptDelayMs / 1000.0:0.###} secs");
        if (config is not null)
        {
            Line(o, "   Promote_secondaries", config.PromoteSecondaries ? "enabled" : "disabled");
            Line(
                o,
                "   Authentication type",
                config.AuthType switch { AuthType.Pass => "SIMPLE_PASSWORD", AuthType.Ah => "IPSEC_AH", _ => "none" });
        }
        var vips = VipLines(i, config);
        o.Append(CultureInfo.InvariantCulture, $"   Virtual IP ({vips.Count}):\n");
        foreach (var vip in vips)
            o.Append("     ").Append(vip).Append('\n');
        WriteTrackers(o, i, "script", "   Tracked scripts :", ' ');
        WriteTrackers(o, i, "interface", "   Tracked interfaces :", ' ');
        WriteTrackers(o, i, "file", "   Tracked files :", ',');
        WriteTrackers(o, i, "process", "   Tracked processes :", ',');
        if (config is not null)
        {
            Line(o, "   Using smtp notification", config.SmtpAlert == true ? "yes" : "no");
            Line(o, "   Notify deleted", config.NotifyDeleted is null ? "Fault" : "Deleted");
            Line(o, "   Notify priority changes", config.NotifyPriorityChanges ? "true" : "false");
        }
        if (i.MasterAddress is { } master)
            Line(o, "   Master router", master.ToString());
        if (i.MasterPriority is { } mp)
            Line(o, "   Master priority", mp.ToString(CultureInfo.InvariantCulture));
        if (i.FaultReasons.Count > 0)
        {
            o.Append("   Fault reasons :\n");
            foreach (var reason in i.FaultReasons)
                o.Append("     ").Append(reason).Append('\n');
        }
        if (i.SyncGroup is { } group)
            Line(o, "   Sync group", group);
    }

    /// <summary>keepalived's wantstate: MASTER when the instance is or is about to be master.</summary>
    public static bool WantsMaster(InstanceStatus i) => i.State == VrrpState.Master || i.WantMaster || i.IsAddressOwner;

    /// <summary>One line per VIP, as keepalived writes them in both dumps: "ADDR/LEN dev DEV scope SCOPE[
    /// set]".</summary>
    public static IReadOnlyList<string> VipLines(InstanceStatus i, VrrpInstanceConfig? config)
    {
        var lines = new List<string>(i.VirtualIpAddresses.Count);
        foreach (var vip in i.VirtualIpAddresses)
        {
            var configured = config?.VirtualIpAddresses.FirstOrDefault(
                v => vip.StartsWith(v.Address + "/", StringComparison.Ordinal));
            var dev = configured?.Dev ?? i.Interface;
            var scope = configured?.Scope ?? "global";
            lines.Add($"{vip} dev {dev} scope {scope}{(i.State == VrrpState.Master ? " set" : "")}");
        }
        return lines;
    }

    private static void WriteTrackers(StringBuilder o, InstanceStatus i, string kind, string heading, char separator)
    {
        var trackers = i.Trackers.Where(t => t.Kind == kind).ToList();
        if (trackers.Count == 0)
            return;
        o.Append(heading).Append('\n');
        foreach (var t in trackers)
        {
            o.Append(
                CultureInfo.InvariantCulture,
                $"     {t.Name}{(separator == ',' ? "," : "")} weight {t.Weight}{(t.Reverse ? " reverse" : "")}\n");
        }
    }

    private static void WriteScript(StringBuilder o, StatusSnapshot snapshot, ScriptStatus s, VrrpScriptConfig? config)
    {
        Line(o, " VRRP Script", s.Name);
        if (config is not null)
        {
            Line(o, "   Command", "'" + string.Join(' ', config.Command) + "'");
        }
        Line(o, "   Interval", Seconds(s.IntervalMs));
        Line(o, "   Timeout", Seconds(s.TimeoutMs));
        if (config is not null)
            Line(o, "   Weight", config.Weight.ToString(CultureInfo.InvariantCulture));
        Line(o, "   Rise", s.Rise.ToString(CultureInfo.InvariantCulture));
        Line(o, "   Fall", s.Fall.ToString(CultureInfo.InvariantCulture));
        Line(o, "   Result", s.Result.ToString(CultureInfo.InvariantCulture));
        // keepalived's GOOD/BAD; a script without a verdict yet is not GOOD.
        Line(o, "   Status", s.State == ScriptState.Ok ? "GOOD" : "BAD");
        o.Append("   Tracking instances :\n");
        foreach (var i in snapshot.Engine.Instances)
        {
            foreach (var t in i.Trackers.Where(t => t.Kind == "script" && t.Name == s.Name))
                o.Append(CultureInfo.InvariantCulture, $"     {i.Name}, weight {t.Weight}\n");
        }
        Line(o, "   State", s.Running ? "running" : "idle");
    }

    /// <summary>keepalived's "VRRP Track files" section: each tracked file, its value and who tracks it.</summary>
    private static void WriteTrackFiles(StringBuilder o, StatusSnapshot snapshot)
    {
        var files = snapshot.Config?.TrackFiles.Where(f => f.Tracked).ToList() ?? [];
        if (files.Count == 0)
            return;
        o.Append("------< VRRP Track files >------\n");
        foreach (var f in files)
        {
            Line(o, " Track file", f.Name);
            Line(o, "   File", f.Path ?? "");
            var status = snapshot.Engine.Instances.SelectMany(i => i.Trackers).FirstOrDefault(
                t => t.Kind == "file" && t.Name == f.Name)?.State;
            Line(o, "   Status", status ?? "0");
            Line(o, "   Weight", f.Weight.ToString(CultureInfo.InvariantCulture));
            o.Append("   Tracking instances :\n");
            foreach (var i in snapshot.Engine.Instances)
            {
                foreach (var t in i.Trackers.Where(t => t.Kind == "file" && t.Name == f.Name))
                    o.Append(CultureInfo.InvariantCulture, $"     {i.Name}, weight {t.Weight}\n");
            }
        }
    }

    /// <summary>keepalived's "VRRP Track processes" section (lines and order as 2.2.7 writes them on
    /// SIGUSR1).</summary>
    private static void WriteTrackProcesses(StringBuilder o, StatusSnapshot snapshot)
    {
        var processes = snapshot.Config?.TrackProcesses.Where(p => p.Tracked).ToList() ?? [];
        if (processes.Count == 0)
            return;
        o.Append("------< VRRP Track processes >------\n");
        foreach (var p in processes)
        {
            var status = snapshot.Engine.Processes.FirstOrDefault(s => s.Name == p.Name);
            Line(o, " VRRP Track process", p.Name);
            Line(o, "   Process", p.Process ?? "");
            if (p.Parameters.Count > 0)
                Line(o, "   Parameters", string.Join(' ', p.Parameters));
            if (p.Parameters.Count > 0 || p.ParamMatch != "exact")
                o.Append(p.ParamMatch == "exact" ? "   Param match\n" : $"   Param match = {p.ParamMatch}\n");
            Line(o, "   Min processes", p.Quorum.ToString(CultureInfo.InvariantCulture));
            if (p.QuorumMax is { } max)
                Line(o, "   Max processes", max.ToString(CultureInfo.InvariantCulture));
            Line(o, "   Current processes", (status?.Count ?? 0).ToString(CultureInfo.InvariantCulture));
            Line(o, "   Have quorum", status?.Up == true ? "true" : "false");
            Line(o, "   Weight", p.Weight.ToString(CultureInfo.InvariantCulture) + (p.Reverse ? " reverse" : ""));
            Line(
                o,
                "   Terminate delay",
                string.Create(CultureInfo.InvariantCulture, $"{p.TerminateDelayMs / 1000.0:0.000000}s"));
            Line(
                o,
                "   Fork delay",
                string.Create(CultureInfo.InvariantCulture, $"{p.ForkDelayMs / 1000.0:0.000000}s"));
            // A pending change while the quorum holds is a loss being delayed, otherwise a gain.
            var pending = status?.PendingUntil is not null;
            o.Append(
                CultureInfo.InvariantCulture,
                $"   Fork delay timer {(pending && status!.Up == false ? "" : "not ")}running\n");
            o.Append(
                CultureInfo.InvariantCulture,
                $"   Terminate delay timer {(pending && status!.Up ? "" : "not ")}running\n");
            Line(o, "   Full command", p.FullCommand ? "true" : "false");
            o.Append("   Tracking instances :\n");
            foreach (var i in snapshot.Engine.Instances)
            {
                foreach (var t in i.Trackers.Where(t => t.Kind == "process" && t.Name == p.Name))
                {
                    o.Append(
                        CultureInfo.InvariantCulture,
                        $"     {i.Name}, weight {t.Weight}{(t.Reverse ? " reverse" : "")}\n");
                }
            }
        }
    }

    /// <summary>keepalived-exporter knows INIT, BACKUP, MASTER and FAULT; STOP and DELETED only exist while an
    /// instance goes away, when it is not serving: INIT says that.</summary>
    private static string DumpState(VrrpState state) => state switch
    {
        VrrpState.Backup => "BACKUP",
        VrrpState.Master => "MASTER",
        VrrpState.Fault => "FAULT",
        _ => "INIT",
    };

    /// <summary>keepalived's time stamp: Unix seconds with microseconds, then the local time in words (ctime's
    /// space-padded day: "Sat Dec  5").</summary>
    private static string Stamp(DateTimeOffset time)
    {
        var unixMicro = (time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / TimeSpan.TicksPerMicrosecond;
        var local = time.ToLocalTime();
        return string.Create(CultureInfo.InvariantCulture,
            $"{unixMicro / 1_000_000}.{unixMicro % 1_000_000:000000} " +
            $"({local:ddd MMM} {local.Day,2} {local:HH:mm:ss}.{unixMicro % 1_000_000:000000} {local:yyyy})");
    }

    /// <summary>keepalived 2.4.3 writes whole seconds as "2 sec" and others with three decimals, "0.500 sec".</summary>
    private static string Seconds(int ms) =>
        ms % 1000 == 0 ? $"{ms / 1000} sec" : string.Create(CultureInfo.InvariantCulture, $"{ms / 1000.0:0.000} sec");

    private static void Line(StringBuilder o, string key, string value) =>
        o.Append(key).Append(" = ").Append(value).Append('\n');
}
