namespace Vigil.Config.Model;

public sealed partial record VrrpInstanceConfig
{
    /// <summary>The same instance with every empty list replaced by the one shared empty array: most instances
    /// track nothing and have no routes, and thirteen list objects each came to about 400 bytes per instance
    /// (1.6 MB at 4,000 instances).</summary>
    internal VrrpInstanceConfig SharingEmpties() => this with
    {
        VirtualIpAddresses = Shared(VirtualIpAddresses),
        VirtualIpAddressesExcluded = Shared(VirtualIpAddressesExcluded),
        UnicastPeers = Shared(UnicastPeers),
        TrackScripts = Shared(TrackScripts),
        TrackInterfaces = Shared(TrackInterfaces),
        TrackFiles = Shared(TrackFiles),
        TrackProcesses = Shared(TrackProcesses),
        TrackBfds = Shared(TrackBfds),
        VirtualRoutes = Shared(VirtualRoutes),
        VirtualRules = Shared(VirtualRules),
        Routes = Shared(Routes),
        Rules = Shared(Rules),
        OtherKeywords = Shared(OtherKeywords),
    };

    private static IReadOnlyList<T> Shared<T>(IReadOnlyList<T> list) => list.Count == 0 ? Array.Empty<T>() : list;
}
