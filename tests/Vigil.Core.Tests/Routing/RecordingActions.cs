using Vigil.Core.Primitives;
using Vigil.Core.Routing;

namespace Vigil.Core.Tests.Routing;

/// <summary>Records what a state machine asks for, as readable strings.</summary>
internal sealed class RecordingActions : IVrrpActions
{
    public List<string> Calls { get; } = [];
    public bool AllowMaster { get; set; } = true;

    public void SendAdvert(Priority priority) => Calls.Add($"advert {priority}");
    public void InstallAddresses() => Calls.Add("install");
    public void RemoveAddresses() => Calls.Add("remove");
    public void Announce(int repeat) => Calls.Add($"announce {repeat}");
    public void StateChanged(VrrpState from, VrrpState to, TransitionCause cause, MonotonicTime now) =>
        Calls.Add($"{from}->{to}");
    public bool MayBecomeMaster(MonotonicTime now) => AllowMaster;

    /// <summary>What <see cref="SecondAdvertLeadMicroseconds"/> answers.</summary>
    public long Lead { get; set; }

    public int DeadlineMoves { get; private set; }

    public long SecondAdvertLeadMicroseconds(MonotonicTime now, long intervalMicroseconds) => Lead;

    public void NextDeadlineMoved() => DeadlineMoves++;
    public void Log(MonotonicTime now, VrrpLogEvent logEvent, Priority theirPriority, Priority ourPriority,
        ReadOnlySpan<byte> sender) => Calls.Add($"log {logEvent}");
}
