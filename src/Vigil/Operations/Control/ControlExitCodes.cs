namespace Vigil.Operations.Control;

/// <summary>Exit codes of the commands that talk to the daemon (status, reload, stop).</summary>
public static class ControlExitCodes
{
    public const int Ok = 0;

    /// <summary>The daemon answered that the request failed (e.g. a reload refused a broken configuration).</summary>
    public const int Failed = 1;

    public const int Usage = 2;

    /// <summary>No daemon answered: LSB's "program is not running" for status, so init scripts read it right.</summary>
    public const int NotRunning = 3;
}
