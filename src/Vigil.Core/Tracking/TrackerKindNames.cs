namespace Vigil.Core.Tracking;

public static class TrackerKindNames
{
    /// <summary>"script", "interface", "file", "process", "condition": the spelling of status JSON and metrics
    /// labels.</summary>
    public static string Name(this TrackerKind kind) => kind switch
    {
        TrackerKind.Script => "script",
        TrackerKind.Interface => "interface",
        TrackerKind.File => "file",
        TrackerKind.Process => "process",
        TrackerKind.Condition => "condition",
        _ => kind.ToString(),
    };
}
