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
    private readonly List<EngineEffect> _batch = [];

    // Effects held back by RunLeadingAdverts, carried out first by the next Run.
    private readonly List<EngineEffect> _held = [];

    // Consecutive route and rule changes, handed to the route table as one batch.
    private readonly List<RouteTableChange> _routeBatch = [];
    private readonly List<(RouteTableChange Change, string Error)> _routeFailures = [];

    public VrrpEngine Engine { get; } = engine;

    /// <summary>Carries out every effect pending in the engine, and those they cause.</summary>
    public void Run()
    {
        while (true)
        {
            _batch.Clear();
            if (_held.Count > 0)
            {
                _batch.AddRange(_held);
                _held.Clear();
            }
            else
            {
                Engine.DrainEffects(_batch);
            }

            if (_batch.Count == 0)
            {
                EffectBuffers.TrimAfterBurst(_batch);
                EffectBuffers.TrimAfterBurst(_held);
                return;
            }

            for (var i = 0; i < _batch.Count; i++)
            {
                if (_batch[i] is RouteTableChange)
                {
                    i = CarryOutRoutes(i) - 1;
                    continue;
                }

                CarryOut(_batch[i]);
            }
        }
    }

    /// <summary>Sends the adverts at the head of the pending effects now and holds the rest for the next
    /// <see cref="Run"/>: at shutdown the priority-0 adverts leave before the driver logs or notifies
    /// anything.</summary>
    public void RunLeadingAdverts()
    {
        _batch.Clear();
        Engine.DrainEffects(_batch);
        var i = 0;
        for (; i < _batch.Count && _batch[i] is SendAdvert send; i++)
        {
            ports.Adverts.Send(send);
        }

        for (; i < _batch.Count; i++)
        {
            _held.Add(_batch[i]);
        }
    }

    /// <summary>Applies the run of route/rule changes that starts at <paramref name="start"/>; returns the index
    /// after it.</summary>
    private int CarryOutRoutes(int start)
    {
        _routeBatch.Clear();
        _routeFailures.Clear();
        var end = start;
        for (; end < _batch.Count && _batch[end] is RouteTableChange change; end++)
        {
            _routeBatch.Add(change);
        }

        ports.Routes.Apply(_routeBatch, _routeFailures);
        foreach (var (change, error) in _routeFailures)
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
                Engine.Recycle(run);
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
