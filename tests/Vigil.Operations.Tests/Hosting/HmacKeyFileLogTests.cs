using System.Text;
using Vigil.Config.Model;
using Vigil.Daemon;
using Vigil.Hosting;

namespace Vigil.Operations.Tests.Hosting;

/// <summary>What the daemon logs about auth_hmac key files as it resolves them, through its logger.</summary>
public sealed class HmacKeyFileLogTests
{
    [Fact]
    public void Unreadable_shared_and_wrong_length_key_files_are_each_logged_and_left_out()
    {
        var dir = Directory.CreateTempSubdirectory("vigil-hmac-log-");
        try
        {
            var shortKey = Path.Combine(dir.FullName, "short.key");
            File.WriteAllText(shortKey, "hex:0001\n");
            File.SetUnixFileMode(shortKey, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);
            var missing = Path.Combine(dir.FullName, "none.key");
            var config = new VigilConfig
            {
                Instances =
                [
                    new VrrpInstanceConfig
                    {
                        Name = "VI_1",
                        AuthHmac = new AuthHmacConfig
                        {
                            ActiveKey = 1,
                            Keys = [
                                new AuthHmacKey(1, null, missing, default),
                                new AuthHmacKey(2, null, shortKey, default)],
                        },
                    },
                ],
            };
            var stream = new MemoryStream();
            var log = new DaemonLog(detail: false, console: false, stream);

            var resolved = HmacKeyFiles.Resolve(config, log.CreateLogger(Engine.Logging.LogCategories.Daemon));

            Assert.Empty(resolved.Instances[0].AuthHmac!.Keys);
            var lines = Encoding.UTF8.GetString(stream.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(l => l.StartsWith('<') ? l[3..] : l).ToList();
            Assert.Equal(3, lines.Count);
            Assert.StartsWith(
                $"(VI_1) auth_hmac key file '{missing}' cannot be opened (",
                lines[0],
                StringComparison.Ordinal);
            Assert.EndsWith("); key 1 left out", lines[0], StringComparison.Ordinal);
            Assert.Equal($"(VI_1) auth_hmac key file '{shortKey}' is readable by group or others", lines[1]);
            Assert.Equal("(VI_1) auth_hmac key 2 length 2 not in range [32, 64]; left out", lines[2]);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
