namespace Vigil.Linux.Processes;

/// <summary>What to run: argv (already tokenised by the config front end) and the optional user/group.</summary>
public sealed record ScriptCommand(IReadOnlyList<string> Argv, string? User = null, string? Group = null)
{
    public override string ToString() => string.Join(' ', Argv);
}
