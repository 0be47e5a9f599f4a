using System.Net.Sockets;
using System.Text;
using Vigil.Operations.Control;

namespace Vigil.Operations.Tests.Control;

public sealed class ControlSocketTests : IDisposable
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"vigil-ctl-{Guid.NewGuid():N}");

    private string SocketPath => Path.Combine(_dir, "control.sock");

    public void Dispose()
    {
        if (Directory.Exists(_dir))
            Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task A_request_gets_the_handlers_json_reply()
    {
        var handler = new RecordingHandler();
        await using var server = ControlServer.Start(SocketPath, handler);

        var reply = await ControlClient.SendAsync(SocketPath, new ControlRequest(ControlCommand.Explain, "VI_1"), Wait,
            TestContext.Current.CancellationToken);

        Assert.Equal("{\"command\":\"Explain\",\"argument\":\"VI_1\"}", Encoding.UTF8.GetString(reply));
        Assert.Equal([new ControlRequest(ControlCommand.Explain, "VI_1")], handler.Requests);
    }

    [Fact]
    public async Task The_socket_is_root_only_in_a_private_directory()
    {
        await using var server = ControlServer.Start(SocketPath, new RecordingHandler());

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(SocketPath));
        Assert.Equal(
            UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute,
            File.GetUnixFileMode(_dir));
    }

    [Fact]
    public async Task Stopping_the_server_removes_the_socket_and_then_the_client_reports_no_daemon()
    {
        var server = ControlServer.Start(SocketPath, new RecordingHandler());
        await server.DisposeAsync();

        Assert.False(File.Exists(SocketPath));
        var e = await Assert.ThrowsAsync<ControlUnavailableException>(() =>
            ControlClient.SendAsync(
                SocketPath,
                new ControlRequest(ControlCommand.Status),
                Wait,
                TestContext.Current.CancellationToken));
        Assert.Contains("no daemon is running", e.Message, StringComparison.Ordinal);
        Assert.Contains(SocketPath, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_socket_left_by_a_dead_daemon_is_reported_as_refused()
    {
        LeaveStaleSocket();

        Assert.True(File.Exists(SocketPath));
        var e = await Assert.ThrowsAsync<ControlUnavailableException>(() =>
            ControlClient.SendAsync(
                SocketPath,
                new ControlRequest(ControlCommand.Status),
                Wait,
                TestContext.Current.CancellationToken));
        Assert.Contains("connection refused", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stale_socket_is_replaced_at_start()
    {
        LeaveStaleSocket();

        await using var server = ControlServer.Start(SocketPath, new RecordingHandler());

        var reply = await ControlClient.SendAsync(
            SocketPath,
            new ControlRequest(ControlCommand.Status),
            Wait,
            TestContext.Current.CancellationToken);
        Assert.NotEmpty(reply);
    }

    [Fact]
    public async Task A_second_server_on_a_live_socket_is_refused()
    {
        await using var first = ControlServer.Start(SocketPath, new RecordingHandler());

        var e = Assert.Throws<IOException>(() => ControlServer.Start(SocketPath, new RecordingHandler()));
        Assert.Contains("already answering", e.Message, StringComparison.Ordinal);
        // and the first one still answers
        Assert.NotEmpty(
            await ControlClient.SendAsync(
                SocketPath,
                new ControlRequest(ControlCommand.Status),
                Wait,
                TestContext.Current.CancellationToken));
    }

    [Fact]
    public void A_regular_file_at_the_path_is_never_deleted()
    {
        Directory.CreateDirectory(_dir);
        File.WriteAllText(SocketPath, "precious");

        var e = Assert.Throws<IOException>(() => ControlServer.Start(SocketPath, new RecordingHandler()));

        Assert.Contains("not a socket", e.Message, StringComparison.Ordinal);
        Assert.Equal("precious", File.ReadAllText(SocketPath));
    }

    [Theory]
    [InlineData("bogus\n", "unknown request")]
    [InlineData("explain\n", "needs an instance name")]
    public async Task A_bad_request_line_gets_an_error_reply(string line, string expected)
    {
        var handler = new RecordingHandler();
        await using var server = ControlServer.Start(SocketPath, handler);

        var reply = await RawAsync(Encoding.UTF8.GetBytes(line));

        var (ok, error, _) = ControlJson.ReadOutcome(Encoding.UTF8.GetBytes(reply));
        Assert.False(ok);
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.Empty(handler.Requests);
    }

    [Fact]
    public async Task An_overlong_request_is_refused_without_reaching_the_handler()
    {
        var handler = new RecordingHandler();
        await using var server = ControlServer.Start(SocketPath, handler);

        var reply = await RawAsync(Encoding.UTF8.GetBytes("explain " + new string('x', 4000) + "\n"));

        Assert.Contains("longer than", reply, StringComparison.Ordinal);
        Assert.Empty(handler.Requests);
    }

    [Fact]
    public async Task A_handler_that_throws_becomes_an_error_reply_and_the_server_keeps_serving()
    {
        var calls = 0;
        var handler = new RecordingHandler
        {
            Answer = _ => Interlocked.Increment(ref calls) == 1
                ? throw new InvalidOperationException("boom")
                : ControlJson.Ok(),
        };
        await using var server = ControlServer.Start(SocketPath, handler);

        var first = await ControlClient.SendAsync(
            SocketPath,
            new ControlRequest(ControlCommand.Reload),
            Wait,
            TestContext.Current.CancellationToken);
        var second = await ControlClient.SendAsync(
            SocketPath,
            new ControlRequest(ControlCommand.Reload),
            Wait,
            TestContext.Current.CancellationToken);

        Assert.Equal(
            (false, "reload failed: boom"),
            (ControlJson.ReadOutcome(first).Ok, ControlJson.ReadOutcome(first).Error));
        Assert.True(ControlJson.ReadOutcome(second).Ok);
    }

    [Fact]
    public async Task A_daemon_that_accepts_but_never_answers_times_out_with_a_clear_error()
    {
        Directory.CreateDirectory(_dir);
        using var mute = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        mute.Bind(new System.Net.Sockets.UnixDomainSocketEndPoint(SocketPath));
        mute.Listen(1);

        var e = await Assert.ThrowsAsync<ControlUnavailableException>(() =>
            ControlClient.SendAsync(
                SocketPath,
                new ControlRequest(ControlCommand.Status),
                TimeSpan.FromMilliseconds(300),
                TestContext.Current.CancellationToken));

        Assert.Contains("did not answer", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Error_and_ok_replies_read_back()
    {
        Assert.Equal((true, (string?)null), Pick(ControlJson.ReadOutcome(ControlJson.Ok("reloaded"))));
        var error = ControlJson.ReadOutcome(ControlJson.Error("config has errors", ["a.conf:3:1: error: x [E1]"]));
        Assert.Equal((false, "config has errors"), Pick(error));
        Assert.Equal(["a.conf:3:1: error: x [E1]"], error.Details);
        Assert.False(ControlJson.ReadOutcome("not json"u8).Ok);

        static (bool, string?) Pick((bool Ok, string? Error, IReadOnlyList<string> _) o) => (o.Ok, o.Error);
    }

    [Fact]
    public void A_reply_with_invalid_UTF8_in_a_string_reads_as_a_failure_not_an_exception()
    {
        // Found by fuzzing (tests/Vigil.Fuzz, control target): JsonDocument checks string contents only when they are
        // read, so the CLI threw InvalidOperationException at whatever answered on the socket with such bytes.
        byte[] reply = [.. "{\"ok\":false,\"error\":\""u8, 0x9E, .. "\"}"u8];

        var (ok, error, _) = ControlJson.ReadOutcome(reply);

        Assert.False(ok);
        Assert.Equal("the daemon's reply is not valid JSON", error);
    }

    // What a killed daemon leaves: a socket inode nobody listens on. .NET unlinks the path it bound when the socket
    // is disposed, so bind elsewhere and move the inode into place first.
    private void LeaveStaleSocket()
    {
        Directory.CreateDirectory(_dir);
        var elsewhere = Path.Combine(_dir, "bound-here.sock");
        using var dead = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        dead.Bind(new System.Net.Sockets.UnixDomainSocketEndPoint(elsewhere));
        File.Move(elsewhere, SocketPath);
    }

    private async Task<string> RawAsync(byte[] request)
    {
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await socket.ConnectAsync(
            new System.Net.Sockets.UnixDomainSocketEndPoint(SocketPath),
            TestContext.Current.CancellationToken);
        await socket.SendAsync(request, SocketFlags.None, TestContext.Current.CancellationToken);
        var reply = new MemoryStream();
        var buffer = new byte[4096];
        int n;
        try
        {
            while ((n = await socket.ReceiveAsync(buffer, SocketFlags.None, TestContext.Current.CancellationToken)) > 0)
                reply.Write(buffer, 0, n);
        }
        catch (SocketException)
        {
        }
        return Encoding.UTF8.GetString(reply.ToArray());
    }
}
