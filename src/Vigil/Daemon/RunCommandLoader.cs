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
        return ConfigLoader.Load(options.ConfigFile, new FileConfigSource(), new ConfigOptions
        {
            ConfigId = options.ConfigId,
            HostName = Environment.MachineName,
            Environment = env,
            RandomSeed = Environment.ProcessId,
            Host = new LinuxHostEnvironment(),
        });
    }
}
