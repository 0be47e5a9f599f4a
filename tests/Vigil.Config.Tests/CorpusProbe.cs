using Vigil.Config.Model;

namespace Vigil.Config.Tests;

/// <summary>A one-line summary of a configuration's verdict and key facts, recorded per corpus file.</summary>
internal static class CorpusProbe
{
    public static ConfigResult Load(string file, IHostEnvironment? host = null) =>
        ConfigLoader.Load(file, DiskSnapshot.Around(file), new ConfigOptions
        {
            HostName = "corpus-host",
            Host = host,
            Environment = new Dictionary<string, string>(),
        });

    /// <summary>exit code, then instances as NAME:vrid/priority/state/vips, then scripts as NAME:weight.</summary>
    public static string Facts(ConfigResult r)
    {
        var m = r.Model;
        if (m is null)
            return $"{r.ExitCode}\t-\t-";
        var inst = string.Join(' ', m.Instances.Select(i =>
            $"{i.Name}:{i.Vrid}/{i.Priority}/" +
            $"{(i.ConfiguredState == Vigil.Core.Primitives.VrrpState.Master ? "M" : "B")}/" +
            $"{i.VirtualIpAddresses.Count}"));
        var scripts = string.Join(' ', m.Scripts.Select(s => $"{s.Name}:{s.Weight}{(s.Tracked ? string.Empty : "u")}"));
        return $"{r.ExitCode}\t{(inst.Length == 0 ? "-" : inst)}\t{(scripts.Length == 0 ? "-" : scripts)}";
    }
}
