using Vigil.Linux.Tests.Harness;

namespace Vigil.Linux.Tests.Interop;

/// <summary>Two address owners (priority 255, state MASTER) for one VRID, one Vigil and one keepalived 2.4.3, whose
/// handling Vigil follows: the one with the lower address (host 1, 192.0.2.11) reports the conflict and becomes
/// BACKUP, the other reports it too, stays MASTER alone with the VIP and then says the rogue stopped.</summary>
public sealed class DuplicateOwnerInteropTests
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(15);
    private const string Master = @"\(VI_1\) Entering MASTER STATE";
    private const string Backup = @"\(VI_1\) Entering BACKUP STATE";
    private const string BothOwners = "are both configured as address owner, please resolve";
    private const string RogueStopped = "rogue address owner appears to have stopped advertising";

    private static string Owner() =>
        Configs.Global() + Configs.Instance(priority: 255, state: "MASTER", version: 2, advert: "1");

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void The_owner_with_the_lower_address_yields_and_the_other_sees_the_rogue_stop(bool vigilLower)
    {
        Root.Require();
        Node.Require243();
        using var lab = new TestLab(2);
        var high = vigilLower ? Node.StartKeepalived243(lab, 2, Owner()) : Node.StartVigil(lab, 2, Owner());
        high.WaitFor(Master, Long);
        int mastered = high.LineCount;
        var low = vigilLower ? Node.StartVigil(lab, 1, Owner()) : Node.StartKeepalived243(lab, 1, Owner());
        low.WaitFor(BothOwners, Long);
        low.WaitFor(Backup, Long);
        high.WaitFor(BothOwners, Long);
        high.WaitFor(RogueStopped, Long);
        Assert.True(lab.AddressBecomes(1, "198.51.100.1", present: false), low.Log);
        Assert.True(lab.HasAddress(2, "198.51.100.1"), high.Log);
        Assert.False(high.Has(Backup, mastered), high.Log);

        int mark = low.LineCount;
        high.Signal("TERM");
        low.WaitFor(Master, Long, mark);
        Assert.True(lab.AddressBecomes(1, "198.51.100.1", present: true), low.Log);
    }
}
