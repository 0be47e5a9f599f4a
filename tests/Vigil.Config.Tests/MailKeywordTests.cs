using Vigil.Config.Model;

namespace Vigil.Config.Tests;

/// <summary>The mail alert keywords (docs/alerts.md), with keepalived 2.2.7's `-t` verdicts for the bad
/// forms.</summary>
public sealed class MailKeywordTests
{
    private static ConfigResult Global(string body) =>
        Conf.Load("global_defs {\n" + body + "\n}\nvrrp_instance VI_1 {\n" + Conf.MinimalInstance + "\n}\n");

    [Fact]
    public void Every_keyword_lands_in_the_model_and_none_is_reported_unsupported()
    {
        var r = Global("""
            notification_email {
                ops@example.org
                "Night Shift <night@example.org>"
            }
            notification_email_from "Vigil <vigil@example.net>"
            smtp_server 2001:db8::25 2525
            smtp_helo_name lb-1.example.net
            smtp_connect_timeout 7
            smtp_alert no
            smtp_alert_vrrp
            no_email_faults
            """);
        var g = r.Model!.Global;
        Assert.Equal(["ops@example.org", "Night Shift <night@example.org>"], g.NotificationEmails);
        Assert.Equal("Vigil <vigil@example.net>", g.NotificationEmailFrom);
        Assert.Equal("2001:db8::25", g.SmtpServer);
        Assert.Equal(2525, g.SmtpPort);
        Assert.Equal("lb-1.example.net", g.SmtpHeloName);
        Assert.Equal(7, g.SmtpConnectTimeoutSeconds);
        Assert.False(g.SmtpAlert);
        Assert.True(g.SmtpAlertVrrp);
        Assert.True(g.NoEmailFaults);
        Assert.Empty(g.OtherKeywords);
        Assert.Equal(0, r.ExitCode);
        Assert.Equal("node1.example", r.Model.HostName);
    }

    [Fact]
    public void Defaults_are_keepalived_ones()
    {
        var g = Global("router_id x").Model!.Global;
        Assert.Empty(g.NotificationEmails);
        Assert.Null(g.SmtpServer);
        Assert.Equal(25, g.SmtpPort);
        Assert.Equal(30, g.SmtpConnectTimeoutSeconds);
        Assert.Null(g.SmtpAlert);
        Assert.Null(g.SmtpAlertVrrp);
        Assert.False(g.NoEmailFaults);
    }

    [Fact]
    public void Instance_and_group_smtp_alert_stay_unset_unless_written()
    {
        var m = Conf.Model("vrrp_sync_group G { group { VI_1 }\n smtp_alert }\nvrrp_instance VI_1 {\n"
            + Conf.MinimalInstance + "\n}\n"
            + "vrrp_instance VI_2 {\n" + Conf.MinimalInstance.Replace("51", "52", StringComparison.Ordinal)
            + "\n smtp_alert no\n}\n");
        Assert.True(m.SyncGroups.Single().SmtpAlert);
        Assert.Null(m.Instances.Single(i => i.Name == "VI_1").SmtpAlert);
        Assert.False(m.Instances.Single(i => i.Name == "VI_2").SmtpAlert);
    }

    [Fact]
    public void Bad_forms_are_reported_as_keepalived_does()
    {
        // keepalived: "Invalid smtp server" drops the line; missing parameter is fatal (exit 2 -> cannot run).
        var badPort = Global("smtp_server 192.0.2.25 99999");
        Assert.True(badPort.Has("invalid-smtp-server"));
        Assert.Null(badPort.Model!.Global.SmtpServer);
        Assert.Equal(4, Global("smtp_server").ExitCode);
        // "smtp_conect_timeout must be greater than 0, setting to 1"
        var zero = Global("smtp_connect_timeout 0");
        Assert.Equal(1, zero.Model!.Global.SmtpConnectTimeoutSeconds);
        Assert.True(Global("smtp_connect_timeout 1.5").Has("invalid-number"));
        // "emailfrom missing - ignoring": not fatal
        var from = Global("notification_email_from");
        Assert.NotEqual(4, from.ExitCode);
        Assert.Null(from.Model!.Global.NotificationEmailFrom);
        Assert.True(Global("notification_email {\n}").Has("empty-block"));
        Assert.True(Global("smtp_alert maybe").Has("invalid-bool"));
    }
}
