using Vigil.Engine.Effects;

namespace Vigil.Engine.Ports;

/// <summary>
/// The one interpreter of the engine's effects: carries every pending <see cref="EngineEffect"/> out through the
/// <see cref="EnginePorts"/>, synchronously and in the order emitted. Address results go straight back into the
/// engine, which may emit more effects: it drains until none are left. A new effect is taught here, once, and to
/// the port that carries it out.
/// </summary>
public sealed class EffectPump(VrrpEngine engine, EnginePorts ports)
{
    // Reused between runs, so a steady MASTER's adverts go out without allocating.
    private readonly List<EngineEffect> batch = [];

    // Effects held back by RunLeadingAdverts, carried out first by the next Run.
    private readonly List<EngineEffect> held = [];

    // Consecutive route and rule changes, handed to the route table as one batch.
    private readonly List<RouteTableChange> routeBatch = [];
    private readonly List<(RouteTableChange Change, string Error)> routeFailures = [];

    public VrrpEngine Engine { get; } = engine;

    /// <summary>Carries out every effect pending in the engine, and those they cause.</summary>
    public void Run()
    {
        while (true)
        {
            batch.Clear();
            if (held.Count > 0)
            {
                batch.AddRange(held);
                held.Clear();
            }
            else
            {
                Engine.DrainEffects(batch);
            }

            if (batch.Count == 0)
            {
                return;
            }

            for (var i = 0; i < batch.Count; i++)
            {
                if (batch[i] is RouteTableChange)
                {
                    i = CarryOutRoutes(i) - 1;
                    continue;
                }

                CarryOut(batch[i]);
            }
        }
    }

    /// <summary>Sends the adverts at the head of the pending effects now and holds the rest for the next
    /// <see cref="Run"/>: at shutdown the priority-0 adverts leave before the driver logs or notifies
    /// anything.</summary>
    public void RunLeadingAdverts()
    {
        batch.Clear();
        Engine.DrainEffects(batch);
        var i = 0;
        for (; i < batch.Count && batch[i] is SendAdvert send; i++)
        {
            ports.Adverts.Send(send);
        }

        for (; i < batch.Count; i++)
        {
            held.Add(batch[i]);
        }
    }

    /// <summary>Applies the run of route/rule changes that starts at <paramref name="start"/>; returns the index
    /// after it.</summary>
    private int CarryOutRoutes(int start)
    {
        routeBatch.Clear();
        routeFailures.Clear();
        var end = start;
        for (; end < batch.Count && batch[end] is RouteTableChange change; end++)
        {
            routeBatch.Add(change);
        }

        ports.Routes.Apply(routeBatch, routeFailures);
        foreach (var (change, error) in routeFailures)
        {
            Engine.OnRouteFailure(change, error);
        }

        return end;
    }

    private void CarryOut(EngineEffect effect)
    {
        switch (effect)
        {
            case SendAdvert send:
                ports.Adverts.Send(send);
                break;
            case AddAddress add:
                Engine.OnAddressResult(ports.Addresses.Add(add), ports.Clock.Now);
                break;
            case RemoveAddress remove:
                Engine.OnAddressResult(ports.Addresses.Remove(remove), ports.Clock.Now);
                break;
            case PromoteSecondaries promote:
                ports.Addresses.PromoteSecondaries(promote);
                break;
            case Announce announce:
                ports.Announcer.Announce(announce);
                break;
            case RunScript run:
                ports.Scripts.Start(run);
                break;
            case RunNotify notify:
                ports.Scripts.Notify(notify);
                break;
            case WriteFifo fifo:
                ports.Fifo.Write(fifo);
                break;
            case MailAlert mail:
                ports.Alerts.Send(mail);
                break;
            case LogLine line:
                ports.Log.Write(line);
                break;
            case ConfigureFirewall firewall:
                ports.Firewall.Configure(firewall);
                break;
            case FirewallDrop drop:
                ports.Firewall.Drop(drop);
                break;
        }
    }
}
