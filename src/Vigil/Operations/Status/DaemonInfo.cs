namespace Vigil.Operations.Status;

/// <summary>What the daemon says about itself in <c>vigil status</c>.</summary>
public sealed record DaemonInfo(string Version, int Pid, string ConfigPath, DateTimeOffset StartedAt);
