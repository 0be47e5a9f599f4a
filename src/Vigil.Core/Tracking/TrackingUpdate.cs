namespace Vigil.Core.Tracking;

/// <summary>The result of one tracker event: the script's own transition (for script results; default
/// otherwise) and every instance whose total, effective priority or fault set moved.</summary>
public sealed record TrackingUpdate(ScriptStateChange Script, IReadOnlyList<InstanceChange> Instances)
{
    public static readonly TrackingUpdate Nothing = new(default, []);
}
