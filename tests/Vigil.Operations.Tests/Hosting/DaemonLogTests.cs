using System.Text;
using Vigil.Daemon;
using Vigil.Engine.Effects;

namespace Vigil.Operations.Tests.Hosting;

/// <summary>Log lines leave the daemon as they are written: nothing waits in a buffer for a later line or a
/// flush.</summary>
public sealed class DaemonLogTests
{
    /// <summary>Records what reached the stream by the time each write returned.</summary>
    private sealed class RecordingStream : MemoryStream
    {
        public List<string> Writes { get; } = [];

        public override void Write(byte[] buffer, int offset, int count)
        {
            base.Write(buffer, offset, count);
            Writes.Add(Encoding.UTF8.GetString(buffer, offset, count));
        }

        // Write(ReadOnlySpan<byte>) of a derived MemoryStream comes through Write(byte[], int, int) above.
    }

    [Fact]
    public void Each_line_reaches_the_stream_whole_when_it_is_written()
    {
        var stream = new RecordingStream();
        var log = new DaemonLog(detail: false, console: false, stream);

        log.Info("(VI_1) Entering BACKUP STATE");
        Assert.Equal([Journal("6") + "(VI_1) Entering BACKUP STATE\n"], stream.Writes);

        log.Write(EngineLogLevel.Debug, "not without -D");
        log.Write(EngineLogLevel.Info, "detail only", isDetail: true);
        log.Warning("second");
        Assert.Equal([Journal("6") + "(VI_1) Entering BACKUP STATE\n", Journal("4") + "second\n"], stream.Writes);
    }

    [Fact]
    public void With_console_timestamps_each_line_starts_with_the_time_it_was_written()
    {
        var stream = new RecordingStream();
        new DaemonLog(detail: true, console: true, stream).Write(EngineLogLevel.Debug, "detail");
        var line = Assert.Single(stream.Writes);
        if (Environment.GetEnvironmentVariable("JOURNAL_STREAM") is not null)
            Assert.Equal("<7>detail\n", line); // under systemd the journal stamps the time itself
        else
            Assert.Matches(@"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6} detail\n$", line);
    }

    // Run under systemd (JOURNAL_STREAM set), lines carry the syslog priority instead.
    private static string Journal(string priority) =>
        Environment.GetEnvironmentVariable("JOURNAL_STREAM") is null ? string.Empty : $"<{priority}>";
}
