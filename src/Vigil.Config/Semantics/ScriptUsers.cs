using Vigil.Config.Model;

namespace Vigil.Config.Semantics;

/// <summary>keepalived removes a vrrp_script whose user it cannot set, and an instance or sync group that tracks it
/// then reports the script as not found. Which user: the script's own `user`, else global `script_user`, else
/// `keepalived_script` if that user exists, else root, which keepalived refuses only with enable_script_security.
/// Decided from the final global_defs (keepalived also removes a script declared before the global_defs that
/// enables script security). Needs the host; offline nothing is removed.</summary>
internal static class ScriptUsers
{
    public static HashSet<string> Unusable(IReadOnlyList<VrrpScriptConfig> scripts, GlobalDefs g, ParseContext ctx)
    {
        var removed = new HashSet<string>(StringComparer.Ordinal);
        if (ctx.Options.Host is not { } host)
            return removed;
        foreach (var s in scripts)
        {
            string? why = null;
            if (s.User is not null)
            {
                if (!host.UserExists(s.User))
                    why = $"its user {s.User} does not exist on this host";
            }
            else if (g.ScriptUser is not null)
            {
                if (!host.UserExists(g.ScriptUser))
                    why = $"the default script_user {g.ScriptUser} does not exist on this host";
            }
            else if (g.EnableScriptSecurity && !host.UserExists("keepalived_script"))
            {
                why = "enable_script_security needs a script user: there is no script_user and user " +
                    "keepalived_script does not exist";
            }
            if (why is null)
                continue;
            ctx.Diag.Ignored(
                s.Location,
                "script-user",
                $"vrrp_script {s.Name} is removed: {why} (add 'user' to the script or 'script_user' to global_defs)");
            removed.Add(s.Name);
        }
        return removed;
    }

    /// <summary>The tracker list without removed scripts, each reported as keepalived does ("not found").</summary>
    public static List<TrackerRef> Drop(
        IReadOnlyList<TrackerRef> list,
        string owner,
        HashSet<string> removed,
        ParseContext ctx)
    {
        var kept = new List<TrackerRef>(list.Count);
        foreach (var t in list)
        {
            if (removed.Contains(t.Name))
            {
                ctx.Diag.Ignored(
                    t.Location,
                    "unknown-script",
                    $"({owner}) track script {t.Name} not found: it was removed because its user cannot " +
                    $"be set; ignored");
            }
            else
            {
                kept.Add(t);
            }
        }
        return kept;
    }
}
