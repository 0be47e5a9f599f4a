using System.Diagnostics;
using Vigil.Cli;

namespace Vigil.Operations.Tests.Cli;

/// <summary>`vigil -v/--version` and `vigil --signum=NAME` answer as keepalived does, because integrations run them
/// in keepalived's place: keepalived-exporter reads the version from the second word of the first line on stderr
/// and asks `--signum` for the numbers of the DATA, STATS and JSON signals.</summary>
public sealed class KeepalivedFlagsTests
{
    private static (int Code, string Out, string Err) Dispatch(params string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        var code = CommandDispatcher.Dispatch(args, o, e, _ => throw new InvalidOperationException("no file is read"));
        return (code, o.ToString(), e.ToString());
    }

    /// <summary>keepalived-exporter's reading: the output must have a second line; the first line's second word,
    /// less its first character, is a version.</summary>
    private static Version ExporterVersion(string output)
    {
        var lines = output.Split('\n', 2);
        Assert.Equal(2, lines.Length);
        var words = lines[0].Split(' ');
        Assert.True(words.Length >= 2, lines[0]);
        return Version.Parse(words[1][1..]);
    }

    [Theory]
    [InlineData("--version")]
    [InlineData("-v")]
    [InlineData("-f", "/etc/keepalived/keepalived.conf", "-v")]
    public void The_version_goes_to_stderr_in_keepalived_form(params string[] args)
    {
        var (code, o, e) = Dispatch(args);

        Assert.Equal(0, code);
        Assert.Empty(o);
        Assert.StartsWith("Keepalived v", e, StringComparison.Ordinal);
        var version = ExporterVersion(e);
        Assert.Equal(Version.Parse(KeepalivedFlags.CompatibleVersion), version);
        // At or above the versions the exporter needs for --signum (1.3.8) and script states (1.4.0).
        Assert.True(version >= new Version(1, 4, 0));
        Assert.Contains($"Vigil {VersionInfo.Version}", e.Split('\n')[0], StringComparison.Ordinal);
    }

    [Fact]
    public void The_version_command_word_stays_vigil_s_own()
    {
        var (code, o, _) = Dispatch("version");
        Assert.Equal(0, code);
        Assert.StartsWith($"vigil {VersionInfo.Version}", o, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("STOP", 15)]
    [InlineData("RELOAD", 1)]
    [InlineData("DATA", 10)]
    [InlineData("STATS", 12)]
    public void Signum_prints_the_fixed_numbers(string name, int number)
    {
        var (code, o, e) = Dispatch($"--signum={name}");
        Assert.Equal(0, code);
        Assert.Equal($"{number}\n", o);
        Assert.Empty(e);
    }

    [Fact]
    public void Json_and_stats_clear_are_real_time_signals_as_keepalived_numbers_them()
    {
        Assert.Equal($"{Linux.Signals.RealtimeSignals.Min + 2}\n", Dispatch("--signum=JSON").Out);
        Assert.Equal($"{Linux.Signals.RealtimeSignals.Max - 1}\n", Dispatch("--signum", "STATS_CLEAR").Out);
        if (OperatingSystem.IsLinux())
            Assert.Equal((34, 64), (Linux.Signals.RealtimeSignals.Min, Linux.Signals.RealtimeSignals.Max)); // glibc
    }

    [Theory]
    [InlineData("--signum=TDATA", "Unknown sigfunc TDATA")]
    [InlineData("--signum=data", "Unknown sigfunc data")]
    [InlineData("--signum=", "Missing parameter for option --signum")]
    [InlineData("--signum", "Missing parameter for option --signum")]
    public void Signum_refuses_what_keepalived_refuses(string arg, string message)
    {
        var (code, o, e) = Dispatch(arg);
        Assert.Equal(1, code);
        Assert.Empty(o);
        Assert.Equal(message + "\n", e.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void The_first_signum_wins_and_nothing_starts()
    {
        var (code, o, _) = Dispatch("-f", "/nonexistent.conf", "--signum=JSON", "--signum=DATA");
        Assert.Equal(0, code);
        Assert.Equal($"{KeepalivedSignals.Json}\n", o);
    }

    /// <summary>The same answers as the installed keepalived 2.2.7 and, when present, 2.4.3.</summary>
    [Fact]
    public void Signum_agrees_with_keepalived_2_2_7_and_2_4_3()
    {
        var binaries = new List<string>();
        if (File.Exists("/usr/sbin/keepalived"))
            binaries.Add("/usr/sbin/keepalived");
        var ka243 = Environment.GetEnvironmentVariable("VIGIL_KEEPALIVED_243") is { Length: > 0 } p
            ? p
            : "/opt/keepalived-2.4.3/sbin/keepalived";
        if (File.Exists(ka243))
            binaries.Add(ka243);
        Assert.SkipWhen(
            binaries.Count == 0,
            "neither /usr/sbin/keepalived nor keepalived 2.4.3 (VIGIL_KEEPALIVED_243) is installed");
        foreach (var binary in binaries)
        {
            foreach (var name in KeepalivedSignals.Names.Append("TDATA").Append("bogus"))
            {
                var (code, o, _) = Dispatch($"--signum={name}");
                var (kaCode, kaOut) = Run(binary, $"--signum={name}");
                Assert.Equal((kaCode, kaOut), (code, o));
            }
        }
    }

    private static (int Code, string Out) Run(string file, string arg)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(arg);
        using var p = Process.Start(psi)!;
        var o = p.StandardOutput.ReadToEnd();
        p.StandardError.ReadToEnd();
        Assert.True(p.WaitForExit(TimeSpan.FromSeconds(30)));
        return (p.ExitCode, o);
    }
}
