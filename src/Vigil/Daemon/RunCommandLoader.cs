using Vigil.Config;
using Vigil.Hosting;

namespace Vigil.Daemon;

/// <summary>Loads the configuration the way <c>vigil run</c> and SIGHUP do: the same front end and host checks as
/// <c>vigil check</c> (interfaces, users, script security), so the daemon and the check never disagree.</summary>
public static class RunCommandLoader
{
    public static ConfigResult Load(DaemonOptions options)
    {
        var env = new Dictionary<string, string>();
        foreach (System.Collections.DictionaryEntry e in Environment.GetEnvironmentVariables())
            env[(string)e.Key] = (string?)e.Value ?? "";
        var result = ConfigLoader.Load(options.ConfigFile, new FileConfigSource(), new ConfigOptions
        {
            ConfigId = options.ConfigId,
            HostName = Environment.MachineName,
            Environment = env,
            RandomSeed = Environment.ProcessId,
            Host = new LinuxHostEnvironment(),
        });
        // -s/--namespace wins over the file at start and at every reload, as in keepalived.
        return options.NetNamespace is { } ns && result.Model is { } model
            ? result with { Model = model with { Global = model.Global with { NetNamespace = ns } } }
            : result;
    }

    /// <summary>The net_namespace a configuration file names (for status, reload and stop, which find the daemon's
    /// socket from it); null when it names none or cannot be read. Read offline: no host checks.</summary>
    public static string? NetNamespace(string configFile, string? configId)
    {
        if (!File.Exists(configFile))
            return null;
        var result = ConfigLoader.Load(configFile, new FileConfigSource(), new ConfigOptions
        {
            ConfigId = configId,
            HostName = Environment.MachineName,
        });
        return result.Model?.Global.NetNamespace;
    }
}
