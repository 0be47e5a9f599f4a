namespace Vigil.Config.Model;

/// <summary>keepalived's error classes as they decide the `-t` exit code: Fatal gives 4, Error 5,
/// Security alone 6, Warning 0.</summary>
public enum DiagnosticClass
{
    Warning,
    Error,
    Security,
    Fatal,
}
