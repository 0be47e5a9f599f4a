namespace Vigil.Operations.Control;

/// <summary>What a client may ask the daemon over the control socket.</summary>
public enum ControlCommand
{
    Status,
    Explain,
    Reload,
    Stop,
}
