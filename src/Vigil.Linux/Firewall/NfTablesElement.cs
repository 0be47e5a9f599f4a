namespace Vigil.Linux.Firewall;

/// <summary>One element of a drop set: its family and set, how nft prints it (<see cref="Text"/>, also its identity)
/// and the key bytes the kernel stores.</summary>
public sealed class NfTablesElement(byte family, string set, string text, byte[] key) : IEquatable<NfTablesElement>
{
    public byte Family { get; } = family;

    public string Set { get; } = set;

    public string Text { get; } = text;

    public byte[] Key { get; } = key;

    public bool Equals(NfTablesElement? other) =>
        other is not null && Family == other.Family && Set == other.Set && Text == other.Text;

    public override bool Equals(object? obj) => Equals(obj as NfTablesElement);

    public override int GetHashCode() => HashCode.Combine(Family, Set, Text);

    public override string ToString() => Text;
}
