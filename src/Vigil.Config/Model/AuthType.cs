namespace Vigil.Config.Model;

/// <summary>VRRPv2 authentication (keepalived's `auth_type`); printed as none|PASS|AH.</summary>
public enum AuthType
{
    None,
    Pass,
    Ah,
}
