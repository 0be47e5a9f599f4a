namespace Vigil.Linux.Processes;

/// <summary>One process to launch, resolved: argv (tokenised by the config front end), the user and group with the
/// global defaults already applied by the engine (unlike the configuration's <c>ScriptCommand</c>, where null means
/// the default), and whether the file must pass the security check.
/// <paramref name="RequireSecure"/> is enable_script_security: a run as root is refused unless the file and every
/// directory above it are still root-owned and not writable by others (see <see cref="ScriptFileGuard"/>).</summary>
public sealed record ScriptLaunch(
    IReadOnlyList<string> Argv,
    string? User = null,
    string? Group = null,
    bool RequireSecure = false)
{
    public override string ToString() => string.Join(' ', Argv);
}
