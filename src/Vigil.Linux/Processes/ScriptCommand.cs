namespace Vigil.Linux.Processes;

/// <summary>What to run: argv (already tokenised by the config front end) and the optional user/group.
/// <paramref name="RequireSecure"/> is enable_script_security: a run as root is refused unless the file and every
/// directory above it are still root-owned and not writable by others (see <see cref="ScriptFileGuard"/>).</summary>
public sealed record ScriptCommand(IReadOnlyList<string> Argv, string? User = null, string? Group = null, bool RequireSecure = false)
{
    public override string ToString() => string.Join(' ', Argv);
}
