namespace Vigil.Core.Tracking;

/// <summary>
/// What a <c>vrrp_track_process</c> matches, as keepalived 2.2.7 matches it (checked against it; see
/// docs/track-process.md). Without parameters, <c>full_command</c> or <c>param_match</c>, the name is compared
/// with the process name (<c>/proc/PID/comm</c>, at most 15 characters, so a longer name never matches). Otherwise
/// it is compared with the whole first word of the command line (argv[0], path included), and the parameters with
/// the words after it.
/// </summary>
public sealed record ProcessPattern(string Name, IReadOnlyList<string> Parameters, ProcessParamMatch ParamMatch,
    bool FullCommand, bool ParamMatchGiven = false)
{
    /// <summary>The kernel keeps 15 characters of a process name (TASK_COMM_LEN less the NUL).</summary>
    public const int CommLength = 15;

    /// <summary>True when matching needs the command line (/proc/PID/cmdline), not just the name.</summary>
    public bool UsesCommandLine => FullCommand || Parameters.Count > 0 || ParamMatchGiven;

    /// <summary>True when this pattern can never match a process name (a name longer than the kernel keeps).</summary>
    public bool NameTooLongForComm => !UsesCommandLine && Name.Length > CommLength;

    /// <summary>Does a process with this name and command line match? <paramref name="commandLine"/> is argv as
    /// /proc/PID/cmdline gives it (empty for kernel threads and zombies); it is only read when
    /// <see cref="UsesCommandLine"/>.</summary>
    public bool Matches(string comm, IReadOnlyList<string> commandLine)
    {
        if (!UsesCommandLine)
        {
            return string.Equals(comm, Name, StringComparison.Ordinal);
        }

        if (commandLine.Count == 0 || !string.Equals(commandLine[0], Name, StringComparison.Ordinal))
        {
            return false;
        }

        int given = commandLine.Count - 1, wanted = Parameters.Count;
        if (wanted == 0)
        {
            // No parameters configured: any parameters match (keepalived 2.2.7 does so even with param_match).
            return true;
        }

        if (ParamMatch == ProcessParamMatch.Exact ? given != wanted : given < wanted)
        {
            return false;
        }

        for (int i = 0; i < wanted; i++)
        {
            string want = Parameters[i], have = commandLine[i + 1];
            bool last = i == wanted - 1;
            bool ok = last && ParamMatch == ProcessParamMatch.Initial
                ? have.StartsWith(want, StringComparison.Ordinal)
                : string.Equals(have, want, StringComparison.Ordinal);
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }
}
