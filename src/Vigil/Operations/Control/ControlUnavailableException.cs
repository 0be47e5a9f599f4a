namespace Vigil.Operations.Control;

/// <summary>No daemon answered on the control socket: the message says why in one line, for the user.</summary>
public sealed class ControlUnavailableException : Exception
{
    public ControlUnavailableException()
    {
    }

    public ControlUnavailableException(string message)
        : base(message)
    {
    }

    public ControlUnavailableException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
