namespace Vigil.Config.Model;

/// <summary>keepalived's error classes as they decide the exit code, from the most severe: Fatal and BadInterface
/// give 4 (keepalived's daemon refuses a missing interface although its `-t` says 5), Security 6, Error 5,
/// Warning 0 (keepalived 2.2.7 lets a security error outrank ordinary errors).</summary>
public enum DiagnosticClass
{
    Warning,
    Error,
    Security,
    Fatal,

    /// <summary>An interface the configuration names does not exist on this host (keepalived refuses to
    /// start).</summary>
    BadInterface,
}
