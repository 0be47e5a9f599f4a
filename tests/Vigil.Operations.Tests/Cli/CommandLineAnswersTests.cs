using Vigil.Cli;
using Vigil.Lab;

namespace Vigil.Operations.Tests.Cli;

/// <summary>What a user sees before any daemon or cluster exists: help, a mistyped command or scenario, and a first
/// `vigil` on a machine without keepalived's configuration.</summary>
public sealed class CommandLineAnswersTests
{
    private static (int Code, string Out, string Err) Dispatch(Func<string, bool> fileExists, params string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        var code = CommandDispatcher.Dispatch(args, o, e, fileExists);
        return (code, o.ToString(), e.ToString());
    }

    [Theory]
    [InlineData("run", "--help")]
    [InlineData("run", "-h")]
    [InlineData("run", "-f", "/etc/keepalived/keepalived.conf", "--help")]
    public void Run_help_prints_the_run_usage_and_starts_nothing(params string[] args)
    {
        var (code, o, e) = Dispatch(_ => throw new InvalidOperationException("help must not look for a file"), args);
        Assert.Equal(0, code);
        Assert.StartsWith("usage: vigil run [options]", o, StringComparison.Ordinal);
        Assert.Contains("--control PATH", o, StringComparison.Ordinal);
        Assert.Contains("Exit codes:", o, StringComparison.Ordinal);
        Assert.Empty(e);
    }

    [Theory]
    [InlineData("status")]
    [InlineData("reload")]
    [InlineData("stop")]
    public void Client_commands_answer_help_without_a_daemon(string command)
    {
        var (code, o, e) = Dispatch(_ => true, command, "--help", "--control", "/nonexistent/control.sock");
        Assert.Equal(0, code);
        Assert.StartsWith($"usage: vigil {command}", o, StringComparison.Ordinal);
        Assert.Empty(e);
    }

    [Fact]
    public void An_unknown_command_is_named_with_the_list_of_commands()
    {
        var (code, o, e) = Dispatch(_ => true, "bogus", "-f", "x.conf");
        Assert.Equal(2, code);
        Assert.Empty(o);
        Assert.StartsWith("vigil: unknown command 'bogus'", e, StringComparison.Ordinal);
        foreach (var command in CommandDispatcher.Commands)
            Assert.Contains(command, e, StringComparison.Ordinal);
        Assert.DoesNotContain("refusing", e, StringComparison.Ordinal);
    }

    [Fact]
    public void No_arguments_and_no_configuration_says_how_to_start()
    {
        var asked = new List<string>();
        var (code, _, e) = Dispatch(f => { asked.Add(f); return false; });
        Assert.Equal(4, code);
        Assert.Equal(["/etc/keepalived/keepalived.conf"], asked);
        Assert.StartsWith("vigil: no configuration at /etc/keepalived/keepalived.conf", e, StringComparison.Ordinal);
        Assert.Contains("vigil lab", e, StringComparison.Ordinal);
        Assert.Contains("vigil check -f FILE", e, StringComparison.Ordinal);
        Assert.Contains("vigil run -f FILE", e, StringComparison.Ordinal);
        Assert.DoesNotContain(":0:0:", e, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_run_option_points_at_run_help()
    {
        var (code, _, e) = Dispatch(_ => true, "run", "--bogus");
        Assert.Equal(2, code);
        Assert.Contains("unknown option --bogus", e, StringComparison.Ordinal);
        Assert.Contains("vigil run --help", e, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_scenario_names_the_valid_ones()
    {
        var o = new StringWriter();
        var e = new StringWriter();
        Assert.Equal(2, LabProgram.Run(["--scenario", "bogus", "--simulate"], o, e));
        Assert.Contains("unknown scenario 'bogus'", e.ToString(), StringComparison.Ordinal);
        foreach (var name in LabScenario.Names)
            Assert.Contains(name, e.ToString(), StringComparison.Ordinal);
        Assert.Empty(o.ToString());
    }
}
