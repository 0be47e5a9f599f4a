using Microsoft.Extensions.Logging;
using Vigil.Config.Model;
using Vigil.Logging;

namespace Vigil.Hosting;

/// <summary>auth_hmac key files (`key ID file:PATH`): the configuration only names them; the host reads them, for
/// `vigil check` (through <see cref="LinuxHostEnvironment"/>) and before the engine loads a configuration
/// (<see cref="Resolve"/>), so the engine sees only key bytes.</summary>
public static class HmacKeyFiles
{
    public static bool TryRead(string path, out byte[] key, out bool readableByOthers, out string? error)
    {
        key = [];
        readableByOthers = false;
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists)
            {
                error = "no such file";
                return false;
            }
            if (info.Length > 4096)
            {
                error = "larger than 4096 bytes";
                return false;
            }
            readableByOthers = !OperatingSystem.IsWindows()
                && (File.GetUnixFileMode(path) & (UnixFileMode.GroupRead | UnixFileMode.OtherRead)) != 0;
            key = AuthHmacKey.FromFileText(File.ReadAllText(path));
            error = null;
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error = e.Message;
            return false;
        }
    }

    /// <summary>The configuration with every readable key file's bytes filled in. A key whose file cannot be read, or
    /// holds a key outside 32..64 bytes, is left out and reported through <paramref name="log"/>; the engine then
    /// disables auth_hmac on the instance if it was the active key, as keepalived does.</summary>
    public static VigilConfig Resolve(VigilConfig config, ILogger log)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(log);
        if (!config.Instances.Any(i => i.AuthHmac?.Keys.Any(k => k.File is not null) == true))
            return config;
        var instances = config.Instances.Select(i =>
        {
            if (i.AuthHmac is not { } h || !h.Keys.Any(k => k.File is not null))
                return i;
            var keys = new List<AuthHmacKey>();
            foreach (var k in h.Keys)
            {
                if (k.File is not { } path)
                {
                    keys.Add(k);
                    continue;
                }
                if (!TryRead(path, out var bytes, out bool shared, out var error))
                {
                    log.HmacKeyFileUnreadable(i.Name, path, error ?? string.Empty, k.Id);
                    continue;
                }
                if (shared)
                    log.HmacKeyFileShared(i.Name, path);
                if (bytes.Length is < Core.Protocol.VrrpHmac.MinKeyLength or > Core.Protocol.VrrpHmac.MaxKeyLength)
                {
                    log.HmacKeyLength(i.Name, k.Id, bytes.Length);
                    continue;
                }
                keys.Add(k with { Bytes = bytes });
            }
            return i with { AuthHmac = h with { Keys = keys } };
        }).ToList();
        return config with { Instances = instances };
    }
}
