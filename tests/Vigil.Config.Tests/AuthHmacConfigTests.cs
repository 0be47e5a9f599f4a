using Vigil.Config.Model;
using Vigil.Core.Protocol;

namespace Vigil.Config.Tests;

/// <summary>`auth_hmac` read as keepalived 2.4.3 reads it: each rule and message was observed with its `-t` (exit codes
/// are 2.4.3's); `vigil check` names the version (2.2.7 does not know the block).</summary>
public sealed class AuthHmacConfigTests
{
    private const string Hex = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";

    private static string Text(string block, string extra = "", string global = "") =>
        $"global_defs {{\n{global}\n}}\nvrrp_instance VI_1 {{\n interface eth0\n virtual_router_id 51\n version 3\n " +
        $"advert_int 1\n{extra}\n auth_hmac {{\n{block}\n }}\n virtual_ipaddress {{\n 198.51.100.7/24\n }}\n}}\n";

    private static ConfigResult Load(
        string block,
        string extra = "",
        string global = "",
        ConfigOptions? options = null) =>
        Conf.Load(Text(block, extra, global), options);

    [Fact]
    public void Inline_hex_and_ascii_keys_with_the_defaults()
    {
        var r = Load($" key 1 hex:{Hex}\n key 7 vigil-hmac-test-key-32-bytes-long\n active_key 7");
        var h = r.Model!.Instances.Single().AuthHmac!;
        Assert.Equal(0, r.ExitCode);
        Assert.Equal(Convert.FromHexString(Hex), h.Keys[0].Bytes);
        Assert.Equal("vigil-hmac-test-key-32-bytes-long"u8.ToArray(), h.Keys[1].Bytes);
        Assert.Equal(7, h.ActiveKey);
        Assert.Equal(HmacMode.Enforce, h.Mode);
        Assert.Equal(HmacAntiReplay.Time, h.AntiReplay);
        Assert.Equal(5, h.TimeWindowSeconds); // max(3 x 1 s, 5)
    }

    [Fact]
    public void The_block_says_it_needs_keepalived_2_4()
    {
        var r = Load($" key 1 hex:{Hex}\n active_key 1");
        var note = Assert.Single(r.Codes("keepalived-2.4"));
        Assert.Equal(DiagnosticSeverity.Warning, note.Severity);
        Assert.Contains("keepalived 2.2.7", note.Message, StringComparison.Ordinal);
        Assert.Equal(0, r.ExitCode);
    }

    [Fact]
    public void Every_keyword_is_read()
    {
        var h = Load(
            $" key 2 hex:{Hex}\n active_key 2\n anti_replay monotonic\n time_window 30\n mode " +
            $"receive-only").Model!.Instances[0].AuthHmac!;
        Assert.Equal((HmacAntiReplay.Monotonic, 30, HmacMode.ReceiveOnly), (h.AntiReplay, h.TimeWindowSeconds, h.Mode));
        Assert.Equal(
            HmacMode.Permissive,
            Load($" key 2 hex:{Hex}\n active_key 2\n mode permissive").Model!.Instances[0].AuthHmac!.Mode);
    }

    [Fact]
    public void The_default_window_is_three_advert_intervals_when_that_is_longer()
    {
        var h = Conf.Load(
            Text($" key 1 hex:{Hex}\n active_key 1").Replace(
                "advert_int 1",
                "advert_int 4",
                StringComparison.Ordinal)).Model!.Instances[0].AuthHmac!;
        Assert.Equal(12, h.TimeWindowSeconds);
    }

    [Theory]
    [InlineData("key 3 hex:0001", "auth-hmac-key-length", "auth_hmac key 3 length 2 not in range [32, 64]")]
    [InlineData("key 3 abcdefghijabcdefghijabcdefghijx", "auth-hmac-key-length", "length 31 not in range")]
    [InlineData(
        "key 3 hex:zz02030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f",
        "auth-hmac-key-length",
        "length 0 not in range")]
    [InlineData("key 0 hex:" + Hex, "auth-hmac-key-id", "key id '0' must be between 1 and 255")]
    [InlineData("key 256 hex:" + Hex, "auth-hmac-key-id", "key id '256' must be between 1 and 255")]
    [InlineData("key 1", "auth-hmac-key", "auth_hmac key needs an id and a value")]
    [InlineData("mode Enforce", "auth-hmac-mode", "mode 'Enforce' must be enforce, permissive or receive-only")]
    [InlineData("anti_replay clock", "auth-hmac-anti-replay", "anti_replay 'clock' must be time or monotonic")]
    [InlineData("time_window 0", "auth-hmac-time-window", "time_window '0' must be between 1 and 300 seconds")]
    [InlineData("time_window 301", "auth-hmac-time-window", "time_window '301' must be between 1 and 300 seconds")]
    [InlineData("key 1 hex:" + Hex, "auth-hmac-duplicate-key", "duplicate auth_hmac key id 1")]
    public void Bad_values_are_reported_as_keepalived_does_with_exit_5(string line, string code, string message)
    {
        var r = Load($" key 1 hex:{Hex}\n active_key 1\n {line}");
        var d = Assert.Single(r.Codes(code));
        Assert.Contains(message, d.Message, StringComparison.Ordinal);
        Assert.Equal(5, r.ExitCode);
    }

    [Theory]
    [InlineData("key 1 hex:" + Hex)]
    [InlineData("key 1 hex:" + Hex + "\n active_key 2")]
    [InlineData("active_key 2")]
    public void Without_its_active_key_the_extension_is_disabled(string lines)
    {
        var r = Load(" " + lines);
        Assert.Null(r.Model!.Instances[0].AuthHmac);
        Assert.Contains(
            "is not defined, disabling extension",
            Assert.Single(r.Codes("auth-hmac-no-active-key")).Message,
            StringComparison.Ordinal);
        Assert.Equal(5, r.ExitCode);
    }

    [Fact]
    public void With_the_legacy_authentication_block_the_legacy_one_is_dropped()
    {
        var r = Conf.Load(
            Text($" key 1 hex:{Hex}\n active_key 1", " authentication {\n auth_type PASS\n auth_pass secret\n }")
            .Replace("version 3", "version 2", StringComparison.Ordinal));
        var i = r.Model!.Instances[0];
        Assert.Equal(AuthType.None, i.AuthType);
        Assert.Null(i.AuthPass);
        Assert.NotNull(i.AuthHmac);
        Assert.Contains(
            "dropping legacy auth",
            Assert.Single(r.Codes("auth-hmac-with-authentication")).Message,
            StringComparison.Ordinal);
        Assert.Equal(5, r.ExitCode);
    }

    [Fact]
    public void Strict_mode_requires_enforce()
    {
        Assert.Equal(0, Load($" key 1 hex:{Hex}\n active_key 1", global: " vrrp_strict").ExitCode);
        var r = Load($" key 1 hex:{Hex}\n active_key 1\n mode permissive", global: " vrrp_strict");
        Assert.Contains(
            "strict mode requires auth_hmac mode enforce",
            Assert.Single(r.Codes("auth-hmac-strict")).Message,
            StringComparison.Ordinal);
        Assert.Equal(5, r.ExitCode);
    }

    [Fact]
    public void A_key_file_is_named_not_read_and_the_credentials_directory_comes_from_the_environment()
    {
        var options = new ConfigOptions
        {
            HostName = "node1.example",
            Environment = new Dictionary<string, string>
            {
                ["CREDENTIALS_DIRECTORY"] = "/run/credentials/keepalived.service"
            },
        };
        var r = Load(
            " key 1 file:${_ENV CREDENTIALS_DIRECTORY}/vrrp51\n key 2 file:/etc/keepalived/keys/vrrp51.new\n" +
            " active_key 1",
            options: options);
        var keys = r.Model!.Instances[0].AuthHmac!.Keys;
        Assert.Equal("/run/credentials/keepalived.service/vrrp51", keys[0].File);
        Assert.Null(keys[0].Bytes);
        Assert.Equal("/etc/keepalived/keys/vrrp51.new", keys[1].File);
    }

    [Fact]
    public void Key_file_text_is_a_hex_line_or_the_raw_key_without_its_line_end()
    {
        Assert.Equal(Convert.FromHexString(Hex), AuthHmacKey.FromFileText($"hex:{Hex}\n"));
        Assert.Equal(
            "an-ascii-file-key-that-is-long-enough-1234"u8.ToArray(),
            AuthHmacKey.FromFileText("an-ascii-file-key-that-is-long-enough-1234\n"));
    }

    private sealed class KeyHost(Dictionary<string, (byte[] Key, bool Shared)> files) : IHostEnvironment
    {
        public bool InterfaceExists(string name) => true;
        public bool UserExists(string name) => true;
        public bool GroupExists(string name) => true;
        public ScriptFileStatus CheckScript(string command, string? user) => ScriptFileStatus.Ok;

        public bool TryReadKeyFile(string path, out byte[] key, out bool readableByOthers, out string? error)
        {
            var found = files.TryGetValue(path, out var f);
            key = found ? f.Key : [];
            readableByOthers = found && f.Shared;
            error = found ? null : "no such file";
            return found;
        }
    }

    [Fact]
    public void The_host_judges_key_files_as_keepalived_does()
    {
        var host = new KeyHost(new()
        {
            ["/k/good"] = (Convert.FromHexString(Hex), false),
            ["/k/shared"] = (Convert.FromHexString(Hex), true),
            ["/k/short"] = ("short"u8.ToArray(), false),
        });
        ConfigResult With(string path) =>
            Load($" key 1 file:{path}\n active_key 1", options: new ConfigOptions { HostName = "n", Host = host });

        Assert.Equal(0, With("/k/good").ExitCode);
        var shared = With("/k/shared");
        Assert.Contains(
            "is readable by group or others",
            Assert.Single(shared.Codes("auth-hmac-key-file-mode")).Message,
            StringComparison.Ordinal);
        Assert.Equal(6, shared.ExitCode);
        var missing = With("/k/none");
        Assert.Contains(
            "'/k/none' cannot be opened",
            Assert.Single(missing.Codes("auth-hmac-key-file")).Message,
            StringComparison.Ordinal);
        Assert.True(missing.Has("auth-hmac-no-active-key"));
        Assert.Equal(5, missing.ExitCode);
        Assert.Contains(
            "length 5 not in range [32, 64]",
            Assert.Single(With("/k/short").Codes("auth-hmac-key-length")).Message,
            StringComparison.Ordinal);
    }
}
