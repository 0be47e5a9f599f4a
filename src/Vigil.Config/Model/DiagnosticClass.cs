namespace Vigil.Config.Model;

/// <summary>keepalived's error classes as they decide the `-t` exit code, from the most severe: Fatal gives 4,
/// BadInterface 5, Security 6, Error 5, Warning 0 (keepalived 2.2.7 lets a security error outrank ordinary
/// errors but not a missing interface).</summary>
public enum DiagnosticClass
{
    Warning,
    Error,
    Security,
    Fatal,

    /// <summary>An interface the configuration names does not exist on this host.</summary>
    BadInterface,
}
