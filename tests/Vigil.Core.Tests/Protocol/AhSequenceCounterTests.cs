using Vigil.Core.Primitives;
using Vigil.Core.Protocol;
using Xunit;

namespace Vigil.Core.Tests.Protocol;

/// <summary>keepalived's AH sequence rules, one by one (<see cref="AhSequenceCounter"/>).</summary>
public class AhSequenceCounterTests
{
    private static AhSequenceCounter At(uint value, bool cycled = false)
    {
        var c = new AhSequenceCounter();
        if (value > 0)
            Assert.True(c.TryAccept(value));
        if (cycled)
        {
            Assert.True(c.TryAccept(AhSequenceCounter.Ceiling + 1));
            c.NextToSend();
            Assert.True(c.Cycled);
        }

        return c;
    }

    [Fact]
    public void A_fresh_counter_sends_1_then_counts_one_per_advert()
    {
        var c = new AhSequenceCounter();
        Assert.Equal((0u, false), (c.Value, c.Cycled));
        Assert.Equal(1u, c.NextToSend());
        Assert.Equal(2u, c.NextToSend());
        Assert.Equal(2u, c.Value);
    }

    [Fact]
    public void The_number_stops_at_0xFFFFFFFE_and_repeats_with_the_cycled_flag()
    {
        var c = At(0xFFFFFFFC);
        Assert.Equal(0xFFFFFFFDu, c.NextToSend());
        Assert.False(c.Cycled);
        Assert.Equal(0xFFFFFFFEu, c.NextToSend());
        Assert.False(c.Cycled);
        Assert.Equal(0xFFFFFFFEu, c.NextToSend());
        Assert.True(c.Cycled);
        Assert.Equal(0xFFFFFFFEu, c.NextToSend());
    }

    [Fact]
    public void An_adopted_0xFFFFFFFF_is_repeated_too()
    {
        var c = At(0xFFFFFFFF);
        Assert.Equal(0xFFFFFFFFu, c.NextToSend());
        Assert.True(c.Cycled);
    }

    [Theory]
    [InlineData(5u, 6u, true)]
    [InlineData(5u, 0xFFFFFFFFu, true)]
    [InlineData(5u, 5u, false)]
    [InlineData(5u, 4u, false)]
    [InlineData(0u, 0u, false)]
    [InlineData(0xFFFFFFFEu, 0xFFFFFFFEu, false)]
    public void Only_a_greater_number_is_accepted_and_adopted(uint ours, uint theirs, bool accepted)
    {
        var c = At(ours);
        Assert.Equal(accepted, c.TryAccept(theirs));
        Assert.Equal(accepted ? theirs : ours, c.Value);
    }

    [Fact]
    public void Our_own_sent_numbers_count_as_seen()
    {
        var c = new AhSequenceCounter();
        c.NextToSend();
        c.NextToSend();
        Assert.False(c.TryAccept(2));
        Assert.True(c.TryAccept(3));
    }

    [Fact]
    public void A_master_hearing_a_lower_priority_advert_takes_its_number_plus_one_so_it_answers_with_plus_two()
    {
        var c = At(10);
        Assert.True(c.TryAccept(20));
        Assert.True(c.Heard(20, VrrpState.Master, theirPriority: 100, ourPriority: 150, senderVersusOurs: 1));
        Assert.Equal(21u, c.Value);
        Assert.Equal(22u, c.NextToSend());
    }

    [Fact]
    public void Equal_priority_from_a_lower_address_is_lower_and_from_a_higher_one_is_not()
    {
        var lower = At(20);
        Assert.True(lower.Heard(20, VrrpState.Master, 150, 150, senderVersusOurs: -1));
        Assert.Equal(21u, lower.Value);

        var higher = At(20);
        Assert.False(higher.Heard(20, VrrpState.Master, 150, 150, senderVersusOurs: 1));
        Assert.Equal(20u, higher.Value);
    }

    [Fact]
    public void The_plus_one_wraps_as_keepalived_s_does()
    {
        var c = At(0xFFFFFFFF);
        Assert.True(c.Heard(0xFFFFFFFF, VrrpState.Master, 100, 150, 1));
        Assert.Equal(0u, c.Value);
        Assert.Equal(1u, c.NextToSend());
    }

    [Fact]
    public void A_valid_advert_heard_in_backup_clears_the_cycled_flag()
    {
        var c = At(0, cycled: true);
        Assert.False(c.Heard(c.Value, VrrpState.Backup, 200, 100, 1));
        Assert.False(c.Cycled);
    }

    [Theory]
    [InlineData(200, 150, 1)]   // higher priority
    [InlineData(150, 150, 1)]   // same priority, higher address
    [InlineData(100, 150, 1)]   // lower priority
    public void A_master_clears_the_flag_on_an_election_advert(byte theirs, int ours, int versus)
    {
        var c = At(0, cycled: true);
        c.Heard(c.Value, VrrpState.Master, theirs, ours, versus);
        Assert.False(c.Cycled);
    }

    [Theory]
    [InlineData(VrrpState.Master, 0, 150, 1)]     // priority 0: answered, no election
    [InlineData(VrrpState.Master, 150, 150, 0)]   // our own address
    [InlineData(VrrpState.Fault, 200, 150, 1)]
    [InlineData(VrrpState.Init, 200, 150, 1)]
    public void Other_adverts_leave_the_flag_and_the_number_alone(VrrpState state, byte theirs, int ours, int versus)
    {
        var c = At(0, cycled: true);
        var value = c.Value;
        Assert.False(c.Heard(value, state, theirs, ours, versus));
        Assert.True(c.Cycled);
        Assert.Equal(value, c.Value);
    }

    [Fact]
    public void Becoming_master_restarts_a_cycled_number_from_zero()
    {
        var c = At(0, cycled: true);
        c.BecomingMaster();
        Assert.Equal((0u, false), (c.Value, c.Cycled));
        Assert.Equal(1u, c.NextToSend());
    }

    [Fact]
    public void Becoming_master_keeps_a_number_that_has_not_run_out()
    {
        var c = At(41);
        c.BecomingMaster();
        Assert.Equal(42u, c.NextToSend());
    }
}
