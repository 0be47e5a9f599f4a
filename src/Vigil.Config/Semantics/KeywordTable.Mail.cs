using System.Globalization;
using Vigil.Config.Syntax;

namespace Vigil.Config.Semantics;

/// <summary>The mail alert keywords of global_defs, read as keepalived 2.2.7 reads them (its `-t` verdicts for each
/// bad form are noted on the handlers).</summary>
internal static partial class KeywordTable
{
    /// <summary>Every word of the block is one recipient (a quoted one may carry a display name); blocks add
    /// up.</summary>
    private static void NotificationEmail(GlobalBuilder b, Statement st, ParseContext ctx)
    {
        var added = new List<string>();
        foreach (var line in st.Block ?? [])
        {
            added.Add(line.Keyword);
            added.AddRange(line.Args);
        }
        added.RemoveAll(string.IsNullOrWhiteSpace);
        if (added.Count == 0)
            ctx.Diag.Warning(st.Location, "empty-block", "empty notification_email block");
        b.Set(c => c with { NotificationEmails = [.. c.NotificationEmails, .. added] });
    }

    /// <summary>keepalived: "emailfrom missing - ignoring", not fatal.</summary>
    private static void NotificationEmailFrom(GlobalBuilder b, Statement st, ParseContext ctx)
    {
        if (st.Args.Count == 0 || string.IsNullOrWhiteSpace(st.Args[0]))
        {
            ctx.Diag.Ignored(st.Location, "missing-value", "'notification_email_from' needs an address; ignored");
            return;
        }
        b.Set(c => c with { NotificationEmailFrom = st.Args[0] });
    }

    /// <summary>`smtp_server HOST [PORT]`. A missing host is fatal in keepalived; a bad port makes it drop the whole
    /// statement ("Invalid smtp server"). keepalived also resolves a name here and drops one that does not resolve;
    /// a pure reader cannot, so the name is resolved when a mail goes out.</summary>
    private static void SmtpServer(GlobalBuilder b, Statement st, ParseContext ctx)
    {
        if (!Values.Arg(st, 0, ctx, out var host))
            return;
        var port = 25;
        if (st.Args.Count > 1
            && (!int.TryParse(st.Args[1], NumberStyles.None, CultureInfo.InvariantCulture, out port)
                || port is < 1 or > 65535))
        {
            ctx.Diag.Error(st.ArgLocation(1), "invalid-smtp-server",
                $"'smtp_server': port '{Values.Short(st.Args[1])}' is not a number in 1..65535; the smtp_server " +
                $"line is ignored");
            return;
        }
        if (host.StartsWith('[') && host.EndsWith(']'))
            host = host[1..^1];
        b.Set(c => c with { SmtpServer = host, SmtpPort = port });
    }

    private static void SmtpHeloName(GlobalBuilder b, Statement st, ParseContext ctx)
    {
        // keepalived accepts the keyword alone silently and keeps its default.
        if (st.Args.Count > 0 && !string.IsNullOrWhiteSpace(st.Args[0]))
            b.Set(c => c with { SmtpHeloName = st.Args[0] });
    }

    /// <summary>Whole seconds 0..4294; keepalived turns 0 into 1 with a warning.</summary>
    private static void SmtpConnectTimeout(GlobalBuilder b, Statement st, ParseContext ctx)
    {
        if (!Values.Int(st, 0, 0, 4294, ctx, out var seconds))
            return;
        if (seconds == 0)
        {
            ctx.Diag.Warning(
                st.ArgLocation(0),
                "out-of-range",
                "'smtp_connect_timeout' must be greater than 0; using 1");
            seconds = 1;
        }
        b.Set(c => c with { SmtpConnectTimeoutSeconds = seconds });
    }

    private static void GlobalSmtpAlert(GlobalBuilder b, Statement st, ParseContext ctx, bool vrrp)
    {
        if (Values.Bool(st, 0, ctx, out var on))
            b.Set(c => vrrp ? c with { SmtpAlertVrrp = on } : c with { SmtpAlert = on });
    }
}
