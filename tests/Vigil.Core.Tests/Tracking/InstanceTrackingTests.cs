using Vigil.Core.Primitives;
using Vigil.Core.Tracking;
using Xunit;

namespace Vigil.Core.Tests.Tracking;

/// <summary>docs/track-scripts.md sections 4, 5 and 7: base, total, effective and fault reasons.</summary>
public class InstanceTrackingTests
{
    [Fact]
    public void Weighted_scripts_move_the_total_only_on_transitions_and_init_contributes_nothing()
    {
        var t = new TrackingTable();
        t.DeclareScript("chk_app", rise: 2, fall: 2);
        var vi = t.AddInstance("VI_1", 100);
        Assert.True(vi.TrackScript("chk_app", -20));
        Assert.Equal(100, vi.EffectivePriority.Value);
        Assert.False(vi.IsFaulted);

        var first = t.ReportScriptResult("chk_app", true);
        Assert.Equal(new ScriptStateChange(ScriptState.Init, ScriptState.Ok), first.Script);
        Assert.Empty(first.Instances); // OK with a negative weight adds nothing: nothing moved

        Assert.Empty(t.ReportScriptResult("chk_app", false).Instances); // one failure of two
        var demoted = Assert.Single(t.ReportScriptResult("chk_app", false).Instances);
        Assert.Equal((100, 80), (demoted.OldEffective.Value, demoted.NewEffective.Value));
        Assert.True(demoted.EffectivePriorityChanged);
        Assert.False(demoted.FaultsChanged);
        Assert.Equal(80, vi.EffectivePriority.Value);
        Assert.Equal(80, vi.TotalPriority);
    }

    [Fact]
    public void A_result_that_moves_no_instance_is_a_shared_update_and_one_that_does_is_its_own()
    {
        var t = new TrackingTable();
        t.DeclareScript("chk");
        t.AddInstance("VI_1", 100).TrackScript("chk", -20);
        t.ReportScriptResult("chk", true);
        var second = t.ReportScriptResult("chk", true);
        Assert.Equal(new ScriptStateChange(ScriptState.Ok, ScriptState.Ok), second.Script);
        Assert.Empty(second.Instances);
        Assert.Same(second, t.ReportScriptResult("chk", true)); // 200 scripts a second allocate no update

        var down = t.ReportScriptResult("chk", false);
        Assert.Equal(new ScriptStateChange(ScriptState.Ok, ScriptState.Ko), down.Script);
        Assert.Equal(80, Assert.Single(down.Instances).NewEffective.Value);
        var still = t.ReportScriptResult("chk", false);
        Assert.Equal(new ScriptStateChange(ScriptState.Ko, ScriptState.Ko), still.Script);
        Assert.Empty(still.Instances);
    }

    [Fact]
    public void Positive_weight_adds_when_the_first_result_is_ok()
    {
        var t = new TrackingTable();
        t.DeclareScript("chk_peer");
        var vi = t.AddInstance("VI_1", 100);
        vi.TrackScript("chk_peer", 30);
        var up = Assert.Single(t.ReportScriptResult("chk_peer", true).Instances);
        Assert.Equal(130, up.NewEffective.Value);
    }

    [Fact]
    public void Total_is_unclamped_and_effective_is_clamped_to_1_254()
    {
        var t = new TrackingTable();
        t.DeclareScript("a");
        t.DeclareScript("b");
        var high = t.AddInstance("HIGH", 250);
        high.TrackScript("a", 100);
        high.TrackScript("b", 50);
        var low = t.AddInstance("LOW", 10);
        low.TrackScript("a", -100, reverse: true); // reverse of a negative weight adds while KO
        low.TrackScript("b", -50);

        t.ReportScriptResult("a", true);
        t.ReportScriptResult("b", true);
        Assert.Equal((400, 254), (high.TotalPriority, high.EffectivePriority.Value));
        Assert.Equal((10, 10), (low.TotalPriority, low.EffectivePriority.Value));

        t.ReportScriptResult("a", false);
        t.ReportScriptResult("b", false);
        Assert.Equal((250, 250), (high.TotalPriority, high.EffectivePriority.Value));
        Assert.Equal((60, 60), (low.TotalPriority, low.EffectivePriority.Value));

        t.ReportScriptResult("a", true);
        Assert.Equal((-40, 1), (low.TotalPriority, low.EffectivePriority.Value));
        t.ReportScriptResult("a", false);
        Assert.Equal((60, 60), (low.TotalPriority, low.EffectivePriority.Value)); // exact again on the way back
    }

    [Fact]
    public void A_change_of_total_inside_the_clamp_is_reported_without_an_effective_change()
    {
        var t = new TrackingTable();
        t.DeclareScript("a");
        var vi = t.AddInstance("VI", 254);
        vi.TrackScript("a", 20);
        var change = Assert.Single(t.ReportScriptResult("a", true).Instances);
        Assert.Equal((254, 274), (change.OldTotal, change.NewTotal));
        Assert.False(change.EffectivePriorityChanged);
    }

    [Fact]
    public void The_owner_stays_at_255_whatever_the_trackers_say_but_can_still_fault()
    {
        var t = new TrackingTable();
        t.DeclareScript("a");
        var owner = t.AddInstance("OWNER", 255);
        Assert.True(owner.IsOwner);
        owner.TrackScript("a", -50);
        owner.TrackInterface("eth0", primary: true);
        t.ReportScriptResult("a", false);
        Assert.Equal(205, owner.TotalPriority);
        Assert.Equal(255, owner.EffectivePriority.Value);

        t.ReportLink("eth0", false);
        Assert.Equal(["interface eth0"], owner.FaultReasons.Select(f => f.ToString()));
        Assert.Equal(255, owner.EffectivePriority.Value);
    }

    [Fact]
    public void Weight_zero_script_in_init_holds_a_silent_fault_until_its_first_result()
    {
        var t = new TrackingTable();
        t.DeclareScript("chk_x");
        var vi = t.AddInstance("VI_1", 100);
        vi.TrackScript("chk_x");
        Assert.True(vi.IsFaulted);
        Assert.True(vi.IsSilentFault);
        Assert.Equal("script chk_x", Assert.Single(vi.FaultReasons).ToString());

        var ok = Assert.Single(t.ReportScriptResult("chk_x", true).Instances);
        Assert.True(ok.LeftFault);
        Assert.False(vi.IsFaulted);

        var ko = Assert.Single(t.ReportScriptResult("chk_x", false).Instances);
        Assert.True(ko.EnteredFault);
        Assert.False(ko.IsSilentFault);
        Assert.Equal(new FaultReason(TrackerKind.Script, "chk_x"), Assert.Single(vi.FaultReasons));
    }

    [Fact]
    public void First_failure_of_a_weight_zero_script_turns_the_silent_fault_into_a_real_one()
    {
        var t = new TrackingTable();
        t.DeclareScript("chk_x", rise: 3, fall: 3);
        var vi = t.AddInstance("VI_1", 100);
        vi.TrackScript("chk_x");
        var change = Assert.Single(t.ReportScriptResult("chk_x", false).Instances);
        Assert.True(change.FaultsChanged);
        Assert.False(change.EnteredFault); // it was already (silently) faulted
        Assert.False(change.IsSilentFault);
    }

    [Fact]
    public void Reverse_weight_zero_is_held_in_init_then_faults_on_ok_and_clears_on_ko()
    {
        var t = new TrackingTable();
        t.DeclareScript("chk_peer_alive");
        var vi = t.AddInstance("VI_1", 100);
        vi.TrackScript("chk_peer_alive", 0, reverse: true);
        Assert.True(vi.IsSilentFault); // any weight-0 tracker of a script in INIT holds the instance

        var ok = Assert.Single(t.ReportScriptResult("chk_peer_alive", true).Instances);
        Assert.True(ok.IsFaulted);
        Assert.False(ok.IsSilentFault);
        Assert.True(Assert.Single(t.ReportScriptResult("chk_peer_alive", false).Instances).LeftFault);
    }

    [Fact]
    public void A_script_new_at_reload_does_not_fault_its_instance_before_the_first_result()
    {
        var old = new TrackingTable();
        old.DeclareScript("kept", rise: 2, fall: 2);
        old.ReportScriptResult("kept", false);

        var t = new TrackingTable();
        t.DeclareScriptAtReload("kept", 2, 2, initFail: false, old, definitionUnchanged: true);
        t.DeclareScriptAtReload("fresh", 2, 2, initFail: false, old, definitionUnchanged: true);
        t.DeclareScriptAtReload("edited", 2, 2, initFail: false, null, definitionUnchanged: false);
        var vi = t.AddInstance("VI_1", 100);
        vi.TrackScript("fresh");
        vi.TrackScript("edited");
        Assert.False(vi.IsFaulted);
        Assert.Equal(ScriptState.Ko, t.FindScript("kept")!.State);

        var down = Assert.Single(t.ReportScriptResult("fresh", false).Instances);
        Assert.True(down.EnteredFault);
    }

    [Fact]
    public void Own_interface_and_weight_zero_track_interface_are_fault_reasons_weighted_ones_are_not()
    {
        var t = new TrackingTable();
        var vi = t.AddInstance("VI_1", 100);
        vi.TrackInterface("eth0", primary: true);
        vi.TrackInterface("eth1");
        vi.TrackInterface("eth2", -30);
        Assert.False(vi.IsFaulted);

        var c = Assert.Single(t.ReportLink("eth2", false).Instances);
        Assert.Equal(70, c.NewEffective.Value);
        Assert.False(c.IsFaulted);

        t.ReportLink("eth1", false);
        t.ReportLink("eth0", false);
        Assert.Equal(["interface eth0", "interface eth1"], vi.FaultReasons.Select(f => f.ToString()));
        Assert.True(vi.Trackers[0].IsPrimaryInterface);

        Assert.Single(t.ReportLink("eth0", true).Instances);
        var cleared = Assert.Single(t.ReportLink("eth1", true).Instances);
        Assert.True(cleared.LeftFault);
        Assert.Empty(t.ReportLink("eth1", true).Instances); // no change, nothing reported
    }

    [Fact]
    public void Track_file_value_times_weight_and_minus_254_faults()
    {
        var t = new TrackingTable();
        t.DeclareFile("prio_adj", 0);
        t.DeclareFile("maint", 0);
        var vi = t.AddInstance("VI_1", 100);
        Assert.True(vi.TrackFile("prio_adj", weight: 10));
        Assert.True(vi.TrackFile("maint", weight: 0));
        Assert.False(vi.TrackFile("missing"));

        Assert.Equal(130, Assert.Single(t.ReportFileValue("prio_adj", 3).Instances).NewEffective.Value);
        Assert.Equal(50, Assert.Single(t.ReportFileValue("prio_adj", -5).Instances).NewEffective.Value);
        var fault = Assert.Single(t.ReportFileValue("prio_adj", -26).Instances);
        Assert.True(fault.EnteredFault);
        Assert.Equal("file prio_adj", Assert.Single(fault.NewFaults).ToString());
        Assert.Equal(100, vi.TotalPriority); // a faulting file adds nothing

        t.ReportFileValue("prio_adj", 0);
        Assert.True(Assert.Single(t.ReportFileValue("maint", 1).Instances).EnteredFault);
        Assert.Equal(["file maint"], vi.FaultReasons.Select(f => f.ToString()));
    }

    [Fact]
    public void One_script_result_moves_every_instance_that_tracks_it_with_its_own_weight()
    {
        var t = new TrackingTable();
        t.DeclareScript("chk");
        var a = t.AddInstance("A", 100);
        var b = t.AddInstance("B", 100);
        var c = t.AddInstance("C", 100);
        a.TrackScript("chk", -10);
        b.TrackScript("chk", -40);
        c.TrackScript("chk");
        t.AddInstance("UNRELATED", 50);

        var update = t.ReportScriptResult("chk", false);
        Assert.Equal(["A", "B", "C"], update.Instances.Select(i => i.Instance.Name));
        Assert.Equal((90, 60), (a.EffectivePriority.Value, b.EffectivePriority.Value));
        Assert.True(c.IsFaulted);
    }

    [Fact]
    public void Undeclared_or_duplicate_scripts_are_not_tracked()
    {
        var t = new TrackingTable();
        t.DeclareScript("chk");
        var vi = t.AddInstance("VI", 100);
        Assert.False(vi.TrackScript("nope"));
        Assert.True(vi.TrackScript("chk", -5));
        Assert.False(vi.TrackScript("chk", -7));
        Assert.Single(vi.Trackers);
        Assert.Same(TrackingUpdate.Nothing, t.ReportScriptResult("nope", true));
    }

    [Fact]
    public void Statuses_explain_each_tracker()
    {
        var t = new TrackingTable();
        t.DeclareScript("chk_app", 2, 3);
        t.DeclareFile("adj", 2);
        var vi = t.AddInstance("VI_1", 100);
        vi.TrackScript("chk_app", -20);
        vi.TrackInterface("eth0", primary: true);
        vi.TrackFile("adj", 5);
        t.ReportScriptResult("chk_app", false);

        Assert.Equal(
            [
                new TrackerReading(TrackerKind.Script, "chk_app", "KO", -20, false, -20, false, false),
                new TrackerReading(TrackerKind.Interface, "eth0", "UP", 0, false, 0, false, false),
                new TrackerReading(TrackerKind.File, "adj", "2", 5, false, 10, false, false),
            ],
            vi.TrackerReadings);
        Assert.Equal(90, vi.EffectivePriority.Value);
    }

    [Fact]
    public void Engine_conditions_are_fault_reasons_too()
    {
        var t = new TrackingTable();
        var vi = t.AddInstance("VI", 100);
        Assert.Null(vi.SetCondition("no source address", false));
        Assert.True(vi.SetCondition("no source address", true)!.EnteredFault);
        Assert.Null(vi.SetCondition("no source address", true));
        Assert.Equal("condition no source address", Assert.Single(vi.FaultReasons).ToString());
        Assert.True(vi.SetCondition("no source address", false)!.LeftFault);
    }
}
