using Vigil.Core.Primitives;
using Vigil.Core.Routing;

namespace Vigil.Core.SyncGroups;

/// <summary>
/// keepalived's <c>vrrp_sync_group</c> coupling between member state machines: MASTER only when every member wants
/// MASTER, and one member dropping from MASTER to BACKUP pulls the others. (FAULT is shared by the owner, which
/// feeds every member the group-wide fault flag.)
/// </summary>
public sealed class SyncGroup(string name)
{
    private readonly List<VrrpInstanceMachine> _members = [];

    public string Name { get; } = name;

    public IReadOnlyList<VrrpInstanceMachine> Members => _members;

    public void Add(VrrpInstanceMachine member) => _members.Add(member);

    /// <summary>The member's master-down timer expired: may it go MASTER? Only if every other member is MASTER or
    /// wants to be. A question: it changes nothing (the engine then calls <see cref="FollowToMaster"/>).</summary>
    public bool MayBecomeMaster(VrrpInstanceMachine member)
    {
        foreach (var other in _members)
        {
            if (other != member
                && !(other.State == VrrpState.Master || (other.State == VrrpState.Backup && other.WantsMaster)))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A member is going MASTER on its timer: the waiting members go first (keepalived's
    /// <c>vrrp_sync_master</c>).</summary>
    public void FollowToMaster(VrrpInstanceMachine member, MonotonicTime now)
    {
        foreach (var other in _members)
        {
            if (other != member)
            {
                other.ForceMaster(now);
            }
        }
    }

    /// <summary>A member left MASTER for BACKUP: the others follow (keepalived's <c>vrrp_sync_backup</c>).</summary>
    public void MemberLeftMaster(VrrpInstanceMachine member, MonotonicTime now)
    {
        foreach (var other in _members)
        {
            if (other != member)
            {
                other.ForceBackup(now);
            }
        }
    }

    /// <summary>The group's state for notifications: FAULT if any member is, MASTER if all are, else BACKUP
    /// (INIT before start).</summary>
    public VrrpState State
    {
        get
        {
            if (_members.Count == 0)
            {
                return VrrpState.Init;
            }

            var all = _members[0].State;
            var same = true;
            foreach (var m in _members)
            {
                if (m.State == VrrpState.Fault)
                {
                    return VrrpState.Fault;
                }

                same &= m.State == all;
            }

            return same ? all : VrrpState.Backup;
        }
    }
}
