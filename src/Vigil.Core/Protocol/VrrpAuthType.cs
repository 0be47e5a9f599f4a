namespace Vigil.Core.Protocol;

/// <summary>The v2 authentication type byte. AH (2) is recognised on the wire but not implemented.</summary>
public enum VrrpAuthType : byte
{
    None = 0,
    Pass = 1,
    Ah = 2,
}
