namespace Vigil.Operations.Hosting;

/// <summary>The result of a reload: applied, or refused with the reason and the configuration's diagnostics
/// (<c>FILE:LINE:COLUMN: error: MESSAGE [CODE]</c> lines).</summary>
public sealed record ReloadOutcome(bool Applied, string Message, IReadOnlyList<string> Diagnostics);
