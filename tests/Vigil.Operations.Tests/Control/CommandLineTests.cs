using Vigil.Operations.Control;
using Vigil.Operations.Status;

namespace Vigil.Operations.Tests.Control;

/// <summary>`vigil status`, `reload` and `stop` end to end against a control socket of the test's own.</summary>
public sealed class CommandLineTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"vigil-cli-{Guid.NewGuid():N}");

    private string SocketPath => Path.Combine(_dir, "control.sock");

    public void Dispose()
    {
        if (Directory.Exists(_dir))
            Directory.Delete(_dir, recursive: true);
    }

    private static RecordingHandler DaemonLike() => new()
    {
        Answer = r => r.Command switch
        {
            ControlCommand.Status => StatusJsonWriter.Status(Fixtures.Snapshot()),
            ControlCommand.Explain => StatusJsonWriter.Explain(Fixtures.Snapshot(), r.Argument!)
                ?? ControlJson.Error($"no instance named {r.Argument}"),
            ControlCommand.Reload => ControlJson.Error(
                "the new configuration has errors; keeping the old one",
                ["a.conf:3:1: error: bad [E1]"]),
            _ => ControlJson.Ok("stopping"),
        },
    };

    private (int Exit, string Out, string Err) Status(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = StatusClient.Run([.. args, "--control", SocketPath], stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public void Without_a_daemon_status_fails_with_exit_3_and_says_why()
    {
        var (exit, stdout, stderr) = Status();

        Assert.Equal(ControlExitCodes.NotRunning, exit);
        Assert.Empty(stdout);
        Assert.Contains("no daemon is running", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_prints_the_table_and_json_prints_the_document()
    {
        await using var server = ControlServer.Start(SocketPath, DaemonLike());

        var table = Status();
        var json = Status("--json");

        Assert.Equal(0, table.Exit);
        Assert.Contains("INSTANCE", table.Out, StringComparison.Ordinal);
        Assert.Equal(0, json.Exit);
        Assert.Equal(
            System.Text.Encoding.UTF8.GetString(StatusJsonWriter.Status(Fixtures.Snapshot())) + Environment.NewLine,
            json.Out);
    }

    [Fact]
    public async Task Explain_prints_the_reasoning_and_an_unknown_name_is_exit_1()
    {
        await using var server = ControlServer.Start(SocketPath, DaemonLike());

        var known = Status("--explain", "VI_1");
        var unknown = Status("--explain=VI_9");

        Assert.Equal(0, known.Exit);
        Assert.Contains("this node is BACKUP because", known.Out, StringComparison.Ordinal);
        Assert.Equal(ControlExitCodes.Failed, unknown.Exit);
        Assert.Contains("no instance named VI_9", unknown.Err, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--bogus")]
    [InlineData("--explain")]
    [InlineData("--control")]
    public void A_bad_command_line_is_exit_2(string arg) =>
        Assert.Equal(ControlExitCodes.Usage, StatusClient.Run([arg], TextWriter.Null, TextWriter.Null));

    [Fact]
    public async Task A_refused_reload_is_exit_1_with_the_diagnostics()
    {
        await using var server = ControlServer.Start(SocketPath, DaemonLike());
        var stderr = new StringWriter();

        var exit = SimpleControlCommand.Run(
            "reload",
            ControlCommand.Reload,
            ["--control", SocketPath],
            TextWriter.Null,
            stderr);

        Assert.Equal(ControlExitCodes.Failed, exit);
        Assert.Contains("keeping the old one", stderr.ToString(), StringComparison.Ordinal);
        Assert.Contains("a.conf:3:1: error: bad [E1]", stderr.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stop_prints_the_daemons_message()
    {
        await using var server = ControlServer.Start(SocketPath, DaemonLike());
        var stdout = new StringWriter();

        var exit = SimpleControlCommand.Run(
            "stop",
            ControlCommand.Stop,
            ["--control", SocketPath],
            stdout,
            TextWriter.Null);

        Assert.Equal(0, exit);
        Assert.Equal("stopping" + Environment.NewLine, stdout.ToString());
    }

    [Fact]
    public void Stop_without_a_daemon_is_exit_3()
    {
        var stderr = new StringWriter();

        Assert.Equal(ControlExitCodes.NotRunning,
            SimpleControlCommand.Run("stop", ControlCommand.Stop, ["--control", SocketPath], TextWriter.Null, stderr));
        Assert.StartsWith("vigil stop: no daemon is running", stderr.ToString(), StringComparison.Ordinal);
    }
}
