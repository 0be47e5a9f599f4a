namespace Vigil.Config.Model;

public enum DiagnosticSeverity
{
    Warning,
    Error,
}
