namespace Vigil.Simulation;

/// <summary>A simulated L2 segment (a bridge): every attached host interface hears multicast from the others.
/// A partition assigns hosts to sides; copies only cross between hosts on the same side.</summary>
public sealed class Segment(string name)
{
    public string Name { get; } = name;
    public NetworkConditions Conditions { get; set; } = NetworkConditions.Clean;
    public List<SimInterface> Members { get; } = [];

    /// <summary>Host index to side; hosts not listed are on side 0. Empty when whole.</summary>
    public Dictionary<int, int> Sides { get; } = [];

    public bool IsPartitioned => Sides.Count > 0 && Sides.Values.Distinct().Count() > 1;

    public bool SameSide(int hostA, int hostB) =>
        Sides.GetValueOrDefault(hostA) == Sides.GetValueOrDefault(hostB);
}
