using Vigil.Core.Primitives;
using Vigil.Core.Protocol;
using Vigil.Core.Routing;
using Vigil.Simulation;

namespace Vigil.Engine.Tests;

/// <summary>Random event sequences against one state machine: whatever happens, VIPs are installed exactly while
/// MASTER, a live instance always has a timer, and priority 0 is only ever sent when leaving MASTER.</summary>
public sealed class StateMachinePropertyTests
{
    private sealed class Tracker : IVrrpActions
    {
        public bool Installed;
        public int ZeroAdverts;
        public VrrpInstanceMachine? Machine;

        public void SendAdvert(Priority priority)
        {
            if (priority.Value == 0)
            {
                ZeroAdverts++;
                Assert.Equal(VrrpState.Master, Machine!.State);
            }
        }

        public void InstallAddresses()
        {
            Assert.False(Installed, "installed twice");
            Installed = true;
        }

        public void RemoveAddresses()
        {
            Assert.True(Installed, "removed without installing");
            Installed = false;
        }

        public void Announce(int repeat) => Assert.True(Installed, "announced addresses that are not installed");
        public void StateChanged(VrrpState from, VrrpState to, TransitionCause cause, MonotonicTime now) =>
            Assert.NotEqual(from, to);
        public bool MayBecomeMaster(MonotonicTime now) => true;
        public void Log(MonotonicTime now, VrrpLogEvent logEvent, Priority theirPriority, Priority ourPriority,
            ReadOnlySpan<byte> sender) { }
    }

    [Fact]
    public void Random_event_sequences_keep_the_machine_consistent()
    {
        byte[] higher = [192, 0, 2, 200], lower = [192, 0, 2, 1];
        for (ulong seed = 1; seed <= 300; seed++)
        {
            var rng = new SimRandom(seed);
            var p = new InstanceParameters
            {
                Version = rng.Chance(0.5) ? 2 : 3,
                AdvertInterval = VrrpWire.FromCentiseconds(rng.Pick(new[] { 100, 50, 200 })),
                BasePriority = Priority.FromInt32(rng.Chance(0.1) ? 255 : rng.Next(1, 255)),
                WantMaster = rng.Chance(0.5),
                Preempt = !rng.Chance(0.2),
                PreemptDelay = rng.Chance(0.2) ? TimeSpan.FromSeconds(2) : TimeSpan.Zero,
                FastHandover = rng.Chance(0.5),
                LowerPrioNoAdvert = rng.Chance(0.3),
                GarpMasterRefresh = rng.Chance(0.3) ? TimeSpan.FromSeconds(3) : TimeSpan.Zero,
            };
            var actions = new Tracker();
            var m = new VrrpInstanceMachine(p, actions);
            actions.Machine = m;
            var now = MonotonicTime.FromMilliseconds(1000);
            m.Start(now, p.BasePriority, rng.Chance(0.2));
            for (var step = 0; step < 400; step++)
            {
                now = now.AddMicroseconds(rng.NextLong(0, 2_000_000));
                switch (rng.Next(0, 10))
                {
                    case 0 or 1 or 2:
                        var prio = (byte)(rng.Chance(0.1) ? 0 : rng.Next(1, 256));
                        var versus = rng.Next(-1, 2);
                        m.OnAdvert(now, new ReceivedAdvert(new Priority(prio),
                            VrrpWire.FromCentiseconds(rng.Pick(new[] { 50, 100, 200 })), versus,
                            versus >= 0 ? higher : lower));
                        break;
                    case 3 or 4 or 5:
                        if (!m.NextDeadline.IsNever)
                        {
                            now = m.NextDeadline > now ? m.NextDeadline : now;
                        }

                        m.OnTimer(now);
                        break;
                    case 6:
                        m.SetEffectivePriority(now, Priority.FromInt32(rng.Next(1, 255)));
                        break;
                    case 7:
                        m.SetFault(now, rng.Chance(0.5));
                        break;
                    case 8:
                        if (rng.Chance(0.5))
                        {
                            m.ForceMaster(now);
                        }
                        else
                        {
                            m.ForceBackup(now);
                        }

                        break;
                    default:
                        if (rng.Chance(0.05))
                        {
                            m.Stop(now);
                        }

                        break;
                }

                Assert.Equal(m.State == VrrpState.Master, actions.Installed);
                Assert.Equal(m.State is VrrpState.Master or VrrpState.Backup, !m.TimerDeadline.IsNever);
                Assert.Equal(
                    m.Faulted && m.State is not (VrrpState.Stop or VrrpState.Init),
                    m.State == VrrpState.Fault);
            }

            Assert.Equal(m.PriorityZeroSent, actions.ZeroAdverts);
        }
    }
}
