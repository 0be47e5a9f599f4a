using Vigil.Config.Model;

namespace Vigil.Linux.Mail;

/// <summary>Where and how mail alerts go, from global_defs with keepalived's defaults: HELO with the host name,
/// From the running user at the host name (what keepalived 2.2.7 sends), connect timeout 30 s.</summary>
public sealed record MailSettings(
    string Server,
    int Port,
    string HeloName,
    string From,
    IReadOnlyList<string> To,
    TimeSpan ConnectTimeout)
{
    /// <summary>Null when the configuration sends no mail (no server or no recipient).</summary>
    public static MailSettings? For(GlobalDefs g, string hostName, string userName)
    {
        ArgumentNullException.ThrowIfNull(g);
        if (g.SmtpServer is null || g.NotificationEmails.Count == 0)
            return null;
        return new MailSettings(g.SmtpServer, g.SmtpPort, g.SmtpHeloName ?? hostName,
            g.NotificationEmailFrom ?? $"{userName}@{hostName}", g.NotificationEmails,
            TimeSpan.FromSeconds(g.SmtpConnectTimeoutSeconds));
    }

    /// <summary>For log lines: <c>host:port</c>, an IPv6 address in brackets.</summary>
    public string Endpoint =>
        Server.Contains(':', StringComparison.Ordinal) ? $"[{Server}]:{Port}" : $"{Server}:{Port}";
}
