using Vigil.Config.Model;
using Vigil.Core.Primitives;
using Vigil.Engine.Effects;
using static Vigil.Simulation.Configs;

namespace Vigil.Engine.Tests;

/// <summary>keepalived's smtp_alert: which transitions mail, which setting wins, and the words (as keepalived 2.2.7
/// sent them to a test SMTP server: docs/alerts.md).</summary>
public sealed class MailAlertTests
{
    private static VigilConfig Mailing(VrrpInstanceConfig instance, Func<GlobalDefs, GlobalDefs>? global = null) =>
        Cluster(instance).WithGlobal(g => (global ?? (x => x))(g with
        {
            RouterId = "r1",
            SmtpServer = "192.0.2.25",
            NotificationEmails = ["ops@example.org"],
        }));

    private static VrrpInstanceConfig VI1(bool? smtpAlert = true) =>
        Instance("VI_1", 51, 100, "198.51.100.1/24") with { SmtpAlert = smtpAlert };

    /// <summary>Start (BACKUP), take over (MASTER), lose the link (FAULT), get it back (BACKUP).</summary>
    private static List<MailAlert> Cycle(VigilConfig config)
    {
        var h = new EngineHarness(config);
        h.Advance(TimeSpan.FromSeconds(5));
        h.Engine.OnLinkChanged("eth0", false, h.Now);
        h.Engine.OnLinkChanged("eth0", true, h.Now);
        h.Take();
        return h.All.OfType<MailAlert>().ToList();
    }

    [Fact]
    public void Every_instance_transition_mails_once_with_keepalived_subject_and_body()
    {
        var mails = Cycle(Mailing(VI1()));
        Assert.Equal(
        [
            new MailAlert("INSTANCE", "VI_1", VrrpState.Backup, "[r1] VRRP Instance VI_1 - Entering BACKUP state",
                "=> VRRP Instance is no longer owning VRRP VIPs <="),
            new MailAlert("INSTANCE", "VI_1", VrrpState.Master, "[r1] VRRP Instance VI_1 - Entering MASTER state",
                "=> VRRP Instance is now owning VRRP VIPs <="),
            new MailAlert("INSTANCE", "VI_1", VrrpState.Fault, "[r1] VRRP Instance VI_1 - Entering FAULT state",
                "=> VRRP Instance is no longer owning VRRP VIPs <="),
            new MailAlert("INSTANCE", "VI_1", VrrpState.Backup, "[r1] VRRP Instance VI_1 - Entering BACKUP state",
                "=> VRRP Instance is no longer owning VRRP VIPs <="),
        ], mails);
    }

    [Fact]
    public void No_email_faults_drops_only_the_fault_mail()
    {
        var mails = Cycle(Mailing(VI1(), g => g with { NoEmailFaults = true }));
        Assert.Equal([VrrpState.Backup, VrrpState.Master, VrrpState.Backup], mails.Select(m => m.State));
    }

    [Theory]
    // own smtp_alert, global smtp_alert_vrrp, global smtp_alert => mails?
    [InlineData(null, null, null, false)]
    [InlineData(true, null, null, true)]
    [InlineData(false, null, true, false)]   // the instance's own "smtp_alert no" wins over the global one
    [InlineData(false, true, true, false)]
    [InlineData(true, false, false, true)]   // and its "yes" over global "no"s
    [InlineData(null, null, true, true)]     // unset: global smtp_alert
    [InlineData(null, false, true, false)]   // unset: smtp_alert_vrrp wins over smtp_alert
    [InlineData(null, true, false, true)]
    public void The_instance_setting_wins_then_smtp_alert_vrrp_then_smtp_alert(
        bool? own,
        bool? vrrp,
        bool? all,
        bool mails)
    {
        var sent = Cycle(Mailing(VI1(own), g => g with { SmtpAlertVrrp = vrrp, SmtpAlert = all }));
        Assert.Equal(mails ? 4 : 0, sent.Count);
    }

    [Fact]
    public void Nothing_is_mailed_without_a_server_or_a_recipient()
    {
        Assert.Empty(Cycle(Mailing(VI1(), g => g with { SmtpServer = null })));
        Assert.Empty(Cycle(Mailing(VI1(), g => g with { NotificationEmails = [] })));
    }

    [Fact]
    public void Router_id_defaults_to_the_host_name()
    {
        var config = Mailing(VI1(), g => g with { RouterId = null }) with { HostName = "lb-7" };
        Assert.Equal("[lb-7] VRRP Instance VI_1 - Entering BACKUP state", Cycle(config)[0].Subject);
    }

    [Fact]
    public void Sync_group_mails_follow_the_group_setting_not_the_members()
    {
        // As observed in keepalived 2.2.7: a group's smtp_alert does not switch its members' mails on.
        var config = Mailing(VI1(smtpAlert: null)).WithGroup("SG1", "VI_1");
        config = config with { SyncGroups = [config.SyncGroups[0] with { SmtpAlert = true }] };
        var mails = Cycle(config);
        Assert.All(mails, m => Assert.Equal("GROUP", m.Kind));
        Assert.Equal(
            [VrrpState.Backup, VrrpState.Master, VrrpState.Fault, VrrpState.Backup],
            mails.Select(m => m.State));
        Assert.Equal("[r1] VRRP Group SG1 - Entering MASTER state", mails[1].Subject);
        Assert.Equal("=> All VRRP group instances are now in MASTER state <=", mails[1].Body);
        Assert.Equal("=> All VRRP group instances are now in FAULT state <=", mails[2].Body);
    }

    [Fact]
    public void Instance_and_group_both_mail_when_both_are_on()
    {
        var config = Mailing(VI1(), g => g with { SmtpAlert = true }).WithGroup("SG1", "VI_1");
        var mails = Cycle(config);
        Assert.Equal(4, mails.Count(m => m.Kind == "INSTANCE"));
        Assert.Equal(4, mails.Count(m => m.Kind == "GROUP"));
    }

    [Fact]
    public void Stopping_sends_no_mail()
    {
        var h = new EngineHarness(Mailing(VI1()));
        h.Advance(TimeSpan.FromSeconds(5));
        h.Take();
        h.Engine.OnShutdownRequested(h.Now);
        h.Advance(TimeSpan.FromSeconds(2));
        Assert.Empty(h.Take().OfType<MailAlert>());
        Assert.True(h.Engine.IsStopped);
    }
}
