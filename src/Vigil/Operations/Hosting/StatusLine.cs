using Vigil.Engine.Status;
using Vigil.Operations.Status;

namespace Vigil.Operations.Hosting;

/// <summary>The one-line summary systemd shows in <c>systemctl status</c> (STATUS=): every instance with its state
/// when there are few, counts per state when there are many.</summary>
public static class StatusLine
{
    private const int ListUpTo = 8;

    public static string For(EngineStatus engine)
    {
        ArgumentNullException.ThrowIfNull(engine);
        var instances = engine.Instances;
        if (instances.Count == 0)
            return "no VRRP instances configured";
        if (instances.Count <= ListUpTo)
            return string.Join(", ", instances.Select(i => $"{i.Name} {StatusNames.State(i.State)}"));
        var counts = instances.GroupBy(i => StatusNames.State(i.State)).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => $"{g.Count()} {g.Key}");
        return $"{instances.Count} instances: {string.Join(", ", counts)}";
    }
}
