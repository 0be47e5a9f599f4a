namespace Vigil.Core.Tracking;

/// <summary>The last value read from one track_file (a missing or empty file reads as 0).</summary>
internal sealed class FileSource(string name, int value)
{
    public string Name { get; } = name;

    public int Value { get; set; } = value;
}
