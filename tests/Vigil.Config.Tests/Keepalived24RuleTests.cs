using Vigil.Config.Model;

namespace Vigil.Config.Tests;

/// <summary>Where keepalived 2.3/2.4 reads a file differently from 2.2.7, Vigil reads it as keepalived 2.4.3 does
/// (observed with `keepalived --use-file=FILE -t` and its SIGUSR1 dump) and says what 2.2.7 would do. Each rule has
/// its own test; the exit code is 2.4.3's.</summary>
public sealed class Keepalived24RuleTests
{
    private const string Secure = "global_defs {\n enable_script_security\n script_user root\n}\n";

    private static string Script(string lines) => Secure + $"vrrp_script chk {{\n script /bin/true\n{lines}\n}}\n" +
        "vrrp_instance VI_1 {\n interface eth0\n virtual_router_id 1\n track_script {\n chk\n }\n" +
        " virtual_ipaddress { 192.0.2.1 }\n}\n";

    private static ConfigResult Load(string text) => Conf.Load(text);

    [Theory]
    [InlineData("0.5", 500)]
    [InlineData("0.25", 250)]
    [InlineData("1.5", 1500)]
    [InlineData(".5", 500)]
    [InlineData("0.001", 1)]
    [InlineData("3.1", 3100)]
    public void A_fractional_script_interval_runs_in_milliseconds_and_names_the_versions(string value, int ms)
    {
        var r = Load(Script($" interval {value}\n timeout {value}"));

        var s = r.Model!.Scripts.Single();
        Assert.Equal((ms, ms), (s.IntervalMs, s.TimeoutMs));
        Assert.Equal(0, r.ExitCode); // keepalived 2.4.3 -t: 0; 2.2.7: 5
        var notes = r.Codes("keepalived-2.3").ToList();
        Assert.Equal(2, notes.Count);
        Assert.All(notes, d => Assert.Equal(DiagnosticSeverity.Warning, d.Severity));
        Assert.Contains("keepalived 2.3.2 and later", notes[0].Message, StringComparison.Ordinal);
        Assert.Contains("keepalived 2.2.7", notes[0].Message, StringComparison.Ordinal);
        Assert.Equal((7, 11), (notes[0].Line, notes[0].Column));
    }

    [Fact]
    public void A_whole_second_interval_says_nothing_about_versions()
    {
        var r = Load(Script(" interval 2\n timeout 3"));
        Assert.Equal((2000, 3000), (r.Model!.Scripts[0].IntervalMs, r.Model.Scripts[0].TimeoutMs));
        Assert.False(r.Has("keepalived-2.3"));
        Assert.Equal(0, r.ExitCode);
    }

    [Theory]
    [InlineData("1.2345", 1235)]
    [InlineData("2.0000", 2000)]
    public void More_than_three_decimals_are_rounded_and_counted_as_worked_around(string value, int ms)
    {
        var r = Load(Script($" interval {value}"));
        Assert.Equal(ms, r.Model!.Scripts[0].IntervalMs);
        Assert.True(r.Has("too-many-decimals"));
        Assert.Equal(5, r.ExitCode);
    }

    [Fact]
    public void An_interval_that_rounds_to_zero_is_one_second()
    {
        var r = Load(Script(" interval 0.0001"));
        Assert.Equal(1000, r.Model!.Scripts[0].IntervalMs);
        Assert.True(r.Has("interval-zero"));
        Assert.Equal(5, r.ExitCode);
    }

    [Theory]
    [InlineData("4294.5")]
    [InlineData("-1")]
    [InlineData("0.5x")]
    [InlineData("1e1")]
    public void An_interval_out_of_range_or_not_a_number_keeps_the_default(string value)
    {
        var r = Load(Script($" interval {value}"));
        Assert.Equal(1000, r.Model!.Scripts[0].IntervalMs);
        Assert.Equal(5, r.ExitCode);
    }

    [Fact]
    public void Timeout_defaults_to_a_fractional_interval()
    {
        var r = Load(Script(" interval 0.5"));
        Assert.Equal(500, r.Model!.Scripts[0].TimeoutMs);
    }

    [Theory]
    [InlineData("15.23", 15230)]
    [InlineData("3601", 3_601_000)]
    [InlineData("0.001", 1)]
    public void Delay_after_boot_is_read_as_keepalived_2_4_3_reads_it(string value, int ms)
    {
        var r = Load($"global_defs {{\n vrrp_delay_after_boot {value}\n}}\n");
        Assert.Equal(ms, r.Model!.Global.DelayAfterBootMs);
        Assert.True(r.Has("keepalived-2.3"));
        Assert.False(r.Has("unsupported"));
        Assert.Equal(0, r.ExitCode);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("x")]
    public void An_invalid_delay_after_boot_is_ignored(string value)
    {
        var r = Load($"global_defs {{\n vrrp_delay_after_boot {value}\n}}\n");
        Assert.Equal(0, r.Model!.Global.DelayAfterBootMs);
        Assert.Equal(5, r.ExitCode);
    }

    [Fact]
    public void Env_expands_from_the_options_environment_and_names_the_versions()
    {
        var options = new ConfigOptions
        {
            HostName = "n1",
            Environment = new Dictionary<string, string> { ["SITE"] = "east" }
        };
        var r = Conf.Load("global_defs {\n router_id ${_ENV SITE}-${_ENV UNSET}x\n}\n", options);
        Assert.Equal("east-x", r.Model!.Global.RouterId);
        Assert.Contains(
            r.Codes("keepalived-2.3"),
            d => d.Message.Contains("keepalived 2.2.7", StringComparison.Ordinal));
        Assert.Equal(0, r.ExitCode);
    }

    [Theory]
    [InlineData("${_ENV}")]
    [InlineData("${_ENV A B}")]
    public void Env_needs_exactly_one_name(string text)
    {
        var r = Conf.Load($"global_defs {{\n router_id {text}\n}}\n",
            new ConfigOptions { Environment = new Dictionary<string, string> { ["A"] = "a" } });
        Assert.Contains(r.Codes("parameter"), d => d.Message.Contains("exactly one", StringComparison.Ordinal));
        Assert.NotEqual(0, r.ExitCode);
    }

    [Fact]
    public void Notify_deleted_with_and_without_a_script()
    {
        var bare = Conf.Load(
            Secure +
            "vrrp_instance VI_1 {\n interface eth0\n virtual_router_id 1\n notify_deleted\n" +
            " virtual_ipaddress { 192.0.2.1 }\n}\n");
        Assert.True(bare.Model!.Instances[0].SendDeleted);
        Assert.Null(bare.Model.Instances[0].NotifyDeleted);
        Assert.False(bare.Has("unsupported"));
        var script = Conf.Load(
            Secure +
            "vrrp_instance VI_1 {\n interface eth0\n virtual_router_id 1\n notify_deleted \"/bin/echo gone\"\n" +
            " virtual_ipaddress { 192.0.2.1 }\n}\n");
        Assert.Equal(["/bin/echo", "gone"], script.Model!.Instances[0].NotifyDeleted!.Argv);
        Assert.False(
            Conf.Load(Secure + "vrrp_instance VI_1 {\n interface eth0\n virtual_router_id 1\n"
                    + " virtual_ipaddress { 192.0.2.1 }\n}\n")
                .Model!.Instances[0].SendDeleted);
    }

    [Theory]
    [InlineData("timer_expired_backup\n nopreempt", 254, 0)]
    [InlineData("timer_expired_backup 200\n nopreempt", 200, 0)]
    [InlineData("timer_expired_backup 200", null, 5)]   // "requires nopreempt - resetting"
    [InlineData("timer_expired_backup 255\n nopreempt", null, 5)]
    [InlineData("timer_expired_backup 0\n nopreempt", null, 5)]
    [InlineData("timer_expired_backup x\n nopreempt", null, 5)]
    public void Timer_expired_backup_is_read_as_keepalived_2_4_3_reads_it(string lines, int? value, int exit)
    {
        var r = Conf.Load(
            Secure +
            $"vrrp_instance VI_1 {{\n interface eth0\n virtual_router_id 1\n {lines}\n virtual_ipaddress {{ " +
            $"192.0.2.1 }}\n}}\n");
        Assert.Equal(value, r.Model!.Instances[0].TimerExpiredBackup);
        Assert.True(r.Has("keepalived-2.3"));
        Assert.Equal(exit, r.ExitCode);
    }
}
