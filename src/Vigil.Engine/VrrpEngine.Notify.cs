using Vigil.Config.Model;
using Vigil.Core.Primitives;
using Vigil.Core.Routing;
using Vigil.Engine.Effects;
using Vigil.Engine.Logging;

namespace Vigil.Engine;

public sealed partial class VrrpEngine
{
    /// <summary>Raised after every instance state change (after its effects were emitted); the simulator and
    /// tests observe transitions here without parsing logs.</summary>
    public event Action<string, VrrpState, VrrpState, MonotonicTime>? InstanceStateChanged;

    internal void OnInstanceStateChanged(
        InstanceRuntime instance,
        VrrpState from,
        VrrpState to,
        TransitionCause cause,
        MonotonicTime now)
    {
        var init = from == VrrpState.Init && to == VrrpState.Backup ? " (init)" : string.Empty;
        if (to == VrrpState.Stop)
        {
            Logs.Vrrp.Stopped(instance.Name);
        }
        else
        {
            Logs.Vrrp.EnteringState(instance.Name, StateName(to), init);
        }

        if (to == VrrpState.Fault && instance.Tracking.FaultReasons.Count > 0)
        {
            Logs.Vrrp.FaultReasons(instance.Name, string.Join(", ", instance.Tracking.FaultReasons));
        }

        if (from == VrrpState.Fault
            && to == VrrpState.Backup
            && instance.Config.IsUnicast
            && instance.OwnAddress.Length > 0)
        {
            // As keepalived: a unicast instance leaving FAULT announces its own address once, so the master's
            // neighbour entry for us is fresh before it needs to send to us.
            var own = new System.Net.IPAddress(instance.OwnAddress);
            Emit(new Announce(instance.Name, instance.Interface, own, instance.Family));
        }

        if (!(to == VrrpState.Fault && instance.SilentFault))
        {
            var c = instance.Config;
            var specific = to switch
            {
                VrrpState.Master => c.NotifyMaster,
                VrrpState.Backup => c.NotifyBackup,
                VrrpState.Fault => c.NotifyFault,
                VrrpState.Stop => c.NotifyStop,
                _ => null,
            };
            var reported = to;
            if (to == VrrpState.Stop && instance.Deleting)
            {
                // keepalived 2.4.3 (observed): an instance a reload removes is FAULT to `notify` and runs neither
                // notify_fault nor notify_stop; with notify_deleted it is DELETED and runs the notify_deleted script.
                reported = c.SendDeleted ? VrrpState.Deleted : VrrpState.Fault;
                specific = c.SendDeleted ? c.NotifyDeleted : null;
            }
            Notify(instance.Name, "INSTANCE", reported, instance.Machine.EffectivePriority.Value, specific, c.Notify);
            Mail("INSTANCE", instance.Name, to, c.SmtpAlert);
        }

        if (instance.Group is { } group)
        {
            if (from == VrrpState.Master && to == VrrpState.Backup)
            {
                group.Group.MemberLeftMaster(instance.Machine, now);
            }

            var groupState = group.Group.State;
            if (groupState != group.NotifiedState && groupState != VrrpState.Init)
            {
                group.NotifiedState = groupState;
                Logs.Vrrp.SyncGroupSyncing(group.Name, StateName(groupState));
                var gc = group.Config;
                var specific = groupState switch
                {
                    VrrpState.Master => gc.NotifyMaster,
                    VrrpState.Backup => gc.NotifyBackup,
                    VrrpState.Fault => gc.NotifyFault,
                    VrrpState.Stop => gc.NotifyStop,
                    _ => null,
                };
                Notify(group.Name, "GROUP", groupState, 0, specific, gc.Notify);
                Mail("GROUP", group.Name, groupState, gc.SmtpAlert);
            }
        }

        InstanceStateChanged?.Invoke(instance.Name, from, to, now);
    }

    private void Notify(
        string name,
        string kind,
        VrrpState state,
        int priority,
        ScriptCommand? specific,
        ScriptCommand? generic)
    {
        var stateName = StateName(state);
        if (specific is { Argv.Count: > 0 })
        {
            Emit(new RunNotify(
                name,
                specific.Argv,
                specific.User ?? Globals.ScriptUser ?? Globals.DefaultScriptUser,
                specific.Group ?? Globals.ScriptGroup,
                ++_nextNotifyId));
        }

        if (generic is { Argv.Count: > 0 })
        {
            var argv = generic.Argv
                .Concat([kind, name, stateName, priority.ToString(System.Globalization.CultureInfo.InvariantCulture)])
                .ToArray();
            Emit(new RunNotify(
                name,
                argv,
                generic.User ?? Globals.ScriptUser ?? Globals.DefaultScriptUser,
                generic.Group ?? Globals.ScriptGroup,
                ++_nextNotifyId));
        }

        if ((Globals.VrrpNotifyFifo ?? Globals.NotifyFifo) is { } fifo)
        {
            Emit(new WriteFifo(fifo.Path, $"{kind} \"{name}\" {stateName} {priority}"));
        }
    }

    /// <summary>keepalived's smtp_alert: the section's own setting wins, then the global <c>smtp_alert_vrrp</c>, then
    /// the global <c>smtp_alert</c>; nothing goes out without a server and a recipient, for STOP (keepalived 2.2.7
    /// exits before its stop mails leave) or, under <c>no_email_faults</c>, for FAULT.</summary>
    private void Mail(string kind, string name, VrrpState state, bool? own)
    {
        var g = Globals;
        if (!(own ?? g.SmtpAlertVrrp ?? g.SmtpAlert ?? false)
            || g.SmtpServer is null
            || g.NotificationEmails.Count == 0)
        {
            return;
        }
        if (state is not (VrrpState.Master or VrrpState.Backup or VrrpState.Fault)
            || (state == VrrpState.Fault && g.NoEmailFaults))
        {
            return;
        }
        var router = g.RouterId ?? Config?.HostName ?? "localhost";
        Emit(kind == "GROUP"
            ? new MailAlert(kind, name, state, AlertText.GroupSubject(router, name, state), AlertText.GroupBody(state))
            : new MailAlert(
                kind,
                name,
                state,
                AlertText.InstanceSubject(router, name, state),
                AlertText.InstanceBody(state)));
    }

    /// <summary>A FIFO-only event (<c>MASTER_RX_LOWER_PRI</c>, <c>MASTER_PRIORITY</c>, <c>BACKUP_PRIORITY</c>),
    /// plus its notify script when one is configured.</summary>
    internal void NotifyEvent(InstanceRuntime instance, string what, int priority, ScriptCommand? script)
    {
        if (script is { Argv.Count: > 0 })
        {
            Emit(new RunNotify(
                instance.Name,
                script.Argv,
                script.User ?? Globals.ScriptUser ?? Globals.DefaultScriptUser,
                script.Group ?? Globals.ScriptGroup,
                ++_nextNotifyId));
        }

        if ((Globals.VrrpNotifyFifo ?? Globals.NotifyFifo) is { } fifo)
        {
            Emit(new WriteFifo(fifo.Path, $"INSTANCE \"{instance.Name}\" {what} {priority}"));
        }
    }

    public static string StateName(VrrpState state) => state switch
    {
        VrrpState.Init => "INIT",
        VrrpState.Backup => "BACKUP",
        VrrpState.Master => "MASTER",
        VrrpState.Fault => "FAULT",
        VrrpState.Stop => "STOP",
        VrrpState.Deleted => "DELETED",
        _ => state.ToString().ToUpperInvariant(),
    };
}
