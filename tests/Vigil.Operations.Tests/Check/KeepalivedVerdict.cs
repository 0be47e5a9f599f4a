namespace Vigil.Operations.Tests.Check;

/// <summary>What keepalived 2.2.7's daemon does with a file, from its `-t` exit code and log. `-t` exits 5 for three
/// errors after which the daemon stops with a permanent CONFIG error (observed: "Non-existent interface specified in
/// configuration", "the virtual router id must be set", "Unknown interface!"), and 2 for a keyword missing its
/// parameter; all of these are "cannot run" (4), which is what Vigil reports. A script-security violation makes `-t`
/// exit 6 instead of 5 but does not save such a file from the daemon's refusal. tools/keepalived-verdicts.sh applies
/// the same rule.</summary>
internal static class KeepalivedVerdict
{
    public static int Daemon(int testExit, string log)
    {
        ArgumentNullException.ThrowIfNull(log);
        if (testExit == 2)
            return 4;
        if (testExit is 5 or 6
            && (log.Contains("Non-existent interface specified in configuration", StringComparison.Ordinal)
                              || log.Contains("the virtual router id must be set", StringComparison.Ordinal)
                              || log.Contains("Unknown interface!", StringComparison.Ordinal)))
        {
            return 4;
        }

        return testExit;
    }
}
