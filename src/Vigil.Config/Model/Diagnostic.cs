namespace Vigil.Config.Model;

/// <summary>One finding about the configuration, always located. Printed as
/// <c>FILE:LINE:COLUMN: severity: message [CODE]</c>.</summary>
public sealed record Diagnostic(
    DiagnosticSeverity Severity,
    string File,
    int Line,
    int Column,
    string Code,
    string Message)
{
    /// <summary>How the diagnostic counts towards the exit code (see <see cref="DiagnosticClass"/>).</summary>
    public DiagnosticClass Class { get; init; } =
        Severity == DiagnosticSeverity.Error ? DiagnosticClass.Error : DiagnosticClass.Warning;

    public SourceLocation Location => new(File, Line, Column);

    public override string ToString() =>
        $"{File}:{Line}:{Column}: {(Severity == DiagnosticSeverity.Error ? "error" : "warning")}: {Message} [{Code}]";
}
