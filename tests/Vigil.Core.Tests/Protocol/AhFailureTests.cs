using Vigil.Core.Primitives;
using Vigil.Core.Protocol;
using Xunit;

namespace Vigil.Core.Tests.Protocol;

/// <summary>The AH check names what refused an advert (the ICV, the SPI, the sequence), so the log line that
/// tells keepalived's cause needs no second ICV computation. Adverts: keepalived 2.2.7's captured AhVectorTests
/// frames.</summary>
public class AhFailureTests
{
    private static byte[] Datagram() => Convert.FromHexString(AhVectorTests.Frames[1].Hex)[14..];

    private static AhFailure Failure(byte[] datagram, AdvertExpectations expect, uint last)
    {
        var reason = AdvertCheck.CheckAh(datagram, expect, last, out _, out _, out _, out _, out var failure);
        Assert.Equal(failure == AhFailure.None ? DropReason.None : DropReason.AuthFailure, reason);
        return failure;
    }

    [Fact]
    public void An_accepted_advert_has_no_failure() =>
        Assert.Equal(AhFailure.None, Failure(Datagram(), AhVectorTests.Expect(), 0));

    [Fact]
    public void A_wrong_key_is_an_icv_failure_before_any_other()
    {
        var expect = AhVectorTests.Expect();
        var wrong = new AdvertExpectations
        {
            Version = expect.Version, Family = expect.Family, VirtualRouterId = expect.VirtualRouterId,
            Interval = expect.Interval, AuthType = VrrpAuthType.Ah, Password = VrrpPassword.FromString("secret2"),
            VirtualAddresses = expect.VirtualAddresses,
        };
        // An old sequence too: the ICV is checked first, so a forged header cannot probe the sequence state.
        Assert.Equal(AhFailure.Icv, Failure(Datagram(), wrong, uint.MaxValue));
    }

    [Fact]
    public void A_signed_advert_whose_spi_is_not_its_source_is_an_spi_failure()
    {
        var datagram = Datagram();
        datagram[Ipv4Header.MinLength + 7] ^= 0x01;
        Assert.True(VrrpAh.Sign(datagram, VrrpPassword.FromString("secret1"), unicast: false));
        Assert.Equal(AhFailure.Spi, Failure(datagram, AhVectorTests.Expect(), 0));
    }

    [Fact]
    public void A_sequence_not_above_the_last_is_a_sequence_failure()
    {
        var sequence = AhVectorTests.Frames[1].Sequence;
        Assert.Equal(AhFailure.Sequence, Failure(Datagram(), AhVectorTests.Expect(), sequence));
        Assert.Equal(AhFailure.None, Failure(Datagram(), AhVectorTests.Expect(), sequence - 1));
    }

    [Fact]
    public void A_drop_for_another_reason_is_no_ah_failure()
    {
        var expect = AhVectorTests.Expect();
        var none = new AdvertExpectations
        {
            Version = expect.Version, Family = IpFamily.IPv4, VirtualRouterId = expect.VirtualRouterId,
            Interval = expect.Interval,
        };
        Assert.Equal(
            DropReason.AuthTypeMismatch,
            AdvertCheck.CheckAh(Datagram(), none, 0, out _, out _, out _, out _, out var failure));
        Assert.Equal(AhFailure.None, failure);
    }
}
