using Vigil.Core.Primitives;

namespace Vigil.Core.Routing;

/// <summary>The parts of a validated advert the state machine decides on.</summary>
/// <param name="SenderVersusOurs">Sign of comparing the sender's address with our primary address
/// (positive: the sender's is higher), used for the equal-priority tie-break.</param>
public readonly ref struct ReceivedAdvert(Priority priority, TimeSpan interval, int senderVersusOurs,
    ReadOnlySpan<byte> sender)
{
    public Priority Priority { get; } = priority;
    public TimeSpan Interval { get; } = interval;
    public int SenderVersusOurs { get; } = senderVersusOurs;
    public ReadOnlySpan<byte> Sender { get; } = sender;
}
