namespace Vigil.Core.Primitives;

/// <summary>Instance states; numbering as keepalived dumps them (INIT 0, BACKUP 1, MASTER 2, FAULT 3).
/// STOP and DELETED exist only for notifications.</summary>
public enum VrrpState
{
    Init = 0,
    Backup = 1,
    Master = 2,
    Fault = 3,
    Deleted = 97,
    Stop = 98,
}
