namespace Vigil.Core.Tracking;

/// <summary>The last known state of one interface (IFF_UP and IFF_RUNNING both set means up).</summary>
internal sealed class LinkSource(string name, bool up)
{
    public string Name { get; } = name;

    public bool Up { get; set; } = up;
}
