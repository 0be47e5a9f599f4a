namespace Vigil.Core.Tracking;

/// <summary>One reason an instance is in FAULT, printable for status ("script chk_x", "interface eth1").
/// Silent reasons (a weight-0 script still in INIT) hold FAULT without notifications.</summary>
public readonly record struct FaultReason(TrackerKind Kind, string Name, bool Silent = false)
{
    public override string ToString() => $"{Kind.Name()} {Name}";
}
