using System.Net;
using Vigil.Config.Model;
using Vigil.Core.Primitives;
using Vigil.Engine;

namespace Vigil.Lab;

/// <summary>One node of the simulated lab: an engine (null while "killed"), its interface and the addresses its
/// simulated kernel holds.</summary>
internal sealed class SimulatedNode(int index, VigilConfig config)
{
    public int Index { get; } = index;

    public string Name { get; } = "n" + index.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public IPAddress Address { get; } = IPAddress.Parse(LabNetwork.Address(index));

    public VigilConfig Config { get; } = config;

    public VrrpEngine? Engine { get; set; }

    public bool LinkUp { get; set; } = true;

    public bool CheckFailing { get; set; }

    public HashSet<IPAddress> Addresses { get; } = [];

    public void Boot(MonotonicTime now)
    {
        var engine = new VrrpEngine();
        engine.OnInterfaceAddress("eth0", IpFamily.IPv4, Address, now);
        engine.OnLinkChanged("eth0", LinkUp, now);
        engine.Load(Config, now);
        Engine = engine;
    }
}
