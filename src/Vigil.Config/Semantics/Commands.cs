using Vigil.Config.Model;
using Vigil.Config.Syntax;

namespace Vigil.Config.Semantics;

/// <summary>Quoted-keyword commands: `notify_* "cmd args" [user [[:]group]]` and `script "cmd args"`.</summary>
internal static class Commands
{
    public static ScriptCommand? Parse(Statement st, ParseContext ctx, bool allowUser)
    {
        var words = ShellWords.Split(st.RawArgs, out var unterminated);
        if (unterminated)
            ctx.Diag.Error(st.Location, "unterminated-quote", $"'{st.Keyword}': unterminated quote");
        if (words.Count == 0 || words[0].Length == 0)
        {
            ctx.Diag.Error(st.Location, "missing-value", $"'{st.Keyword}' needs a command");
            return null;
        }
        // The first shell word is the command string; it is split again into argv.
        var argv = ShellWords.Split(words[0], out _);
        if (argv.Count == 0)
        {
            ctx.Diag.Error(st.Location, "missing-value", $"'{st.Keyword}' needs a command");
            return null;
        }
        string? user = null;
        string? group = null;
        var supplementary = false;
        if (words.Count > 1)
        {
            if (!allowUser)
            {
                ctx.Diag.Warning(st.ArgLocation(1), "script-extra-words",
                    $"'{st.Keyword}': only the first word is the command; '{Values.Short(words[1])}' and after are " +
                    $"ignored (quote the whole command)");
            }
            else
            {
                user = words[1];
                if (words.Count > 2)
                {
                    group = words[2];
                    if (group.StartsWith(':'))
                    {
                        supplementary = true;
                        group = group[1..];
                    }
                }
                if (words.Count > 3)
                {
                    ctx.Diag.Ignored(
                        st.Location,
                        "notify-user",
                        $"'{st.Keyword}': too many words after the command (user, group); the notify script is " +
                        $"dropped, as keepalived does");
                    return null;
                }
            }
        }
        LintShell(st, words[0], argv, ctx);
        return new ScriptCommand
        {
            Argv = argv,
            User = user,
            Group = group,
            SupplementaryGroups = supplementary,
            Location = st.Location
        };
    }

    /// <summary>keepalived execs the command directly: shell syntax inside the string does nothing useful.</summary>
    private static void LintShell(Statement st, string command, List<string> argv, ParseContext ctx)
    {
        if (argv.Count >= 2 && argv[0].EndsWith("sh", StringComparison.Ordinal) && argv[1] == "-c")
            return;
        string? found = null;
        foreach (var op in (string[])["|", "&&", "||", ";", "$(", "`", ">", "<", "*"])
        {
            if (command.Contains(op, StringComparison.Ordinal))
            {
                found = op;
                break;
            }
        }
        if (found is not null)
        {
            ctx.Diag.Warning(st.Location, "lint-shell-syntax",
                $"'{st.Keyword}' contains shell syntax '{found}', but the command is executed directly, not by a " +
                $"shell; wrap it: \"/bin/sh -c '...'\"");
        }
    }
}
