namespace Vigil.Core.Protocol;

/// <summary>The v2 authentication type byte. AH (2) adverts travel as IP protocol 51 behind an IPsec AH header
/// (<see cref="VrrpAh"/>).</summary>
public enum VrrpAuthType : byte
{
    None = 0,
    Pass = 1,
    Ah = 2,
}
