using Vigil.Core.Tracking;
using Xunit;

namespace Vigil.Core.Tests.Tracking;

/// <summary>How a track_process matches a process. The expectations are what keepalived 2.2.7 did with a
/// process named <c>vigtp_a</c> run as <c>/tmp/tpx/vigtp_a 1000 2000</c> (docs/track-process.md).</summary>
public class ProcessPatternTests
{
    private const string Comm = "vigtp_a";
    private static readonly string[] Argv = ["/tmp/tpx/vigtp_a", "1000", "2000"];

    private static ProcessPattern P(
        string name,
        string parameters = "",
        ProcessParamMatch match = ProcessParamMatch.Exact,
        bool full = false,
        bool given = false) =>
        new(
            name,
            parameters.Length == 0 ? [] : parameters.Split(' '),
            match,
            full,
            given || match != ProcessParamMatch.Exact);

    public static TheoryData<string, string, ProcessParamMatch, bool, bool> Observed => new()
    {
        { "vigtp_a", "", ProcessParamMatch.Exact, false, true },
        { "/tmp/tpx/vigtp_a", "", ProcessParamMatch.Exact, false, false },
        { "/tmp/tpx/vigtp_a", "", ProcessParamMatch.Exact, true, true },
        { "vigtp_a", "", ProcessParamMatch.Exact, true, false },
        { "vigtp_a", "1000 2000", ProcessParamMatch.Exact, false, false },
        { "/tmp/tpx/vigtp_a", "1000 2000", ProcessParamMatch.Exact, false, true },
        { "/tmp/tpx/vigtp_a", "1000", ProcessParamMatch.Partial, false, true },
        { "/tmp/tpx/vigtp_a", "1000 20", ProcessParamMatch.Initial, false, true },
        { "/tmp/tpx/vigtp_a", "10", ProcessParamMatch.Initial, false, true },
        { "/tmp/tpx/vigtp_a", "1000 20", ProcessParamMatch.Exact, false, false },
        { "/tmp/tpx/vigtp_a", "1000", ProcessParamMatch.Exact, false, false },
        { "/tmp/tpx/vigtp_a", "", ProcessParamMatch.Partial, false, true },
        { "vigtp_a", "", ProcessParamMatch.Initial, false, false },
        { "vigtp_a", "1000 2000", ProcessParamMatch.Exact, true, false },
    };

    [Theory]
    [MemberData(nameof(Observed))]
    public void Matches_as_keepalived_does(
        string name,
        string parameters,
        ProcessParamMatch match,
        bool full,
        bool expected) =>
        Assert.Equal(expected, P(name, parameters, match, full).Matches(Comm, Argv));

    [Fact]
    public void A_name_longer_than_the_kernel_keeps_never_matches_the_process_name()
    {
        Assert.False(P("vigtp_longername_xyz").Matches("vigtp_longernam", ["/x/vigtp_longername_xyz"]));
        Assert.True(P("vigtp_longername_xyz").NameTooLongForComm);
        Assert.True(P("vigtp_longernam").Matches("vigtp_longernam", []));
        Assert.True(P("/x/vigtp_longername_xyz", full: true).Matches("vigtp_longernam", ["/x/vigtp_longername_xyz"]));
        Assert.False(P("/x/vigtp_longername_xyz", full: true).NameTooLongForComm);
    }

    [Fact]
    public void The_process_name_match_is_exact_not_a_substring()
    {
        Assert.False(P("ssh").Matches("sshd", []));
        Assert.False(P("sshd").Matches("ssh", []));
        Assert.False(P("SSHD").Matches("sshd", []));
    }

    [Fact]
    public void More_parameters_than_configured_match_partial_and_initial_but_not_exact()
    {
        string[] argv = ["/usr/sbin/haproxy", "-f", "/etc/haproxy.cfg", "-D"];
        Assert.False(P("/usr/sbin/haproxy", "-f /etc/haproxy.cfg").Matches("haproxy", argv));
        Assert.True(P("/usr/sbin/haproxy", "-f /etc/haproxy.cfg", ProcessParamMatch.Partial).Matches("haproxy", argv));
        Assert.True(P("/usr/sbin/haproxy", "-f /etc/hap", ProcessParamMatch.Initial).Matches("haproxy", argv));
        Assert.False(P("/usr/sbin/haproxy", "-f /etc/hap", ProcessParamMatch.Partial).Matches("haproxy", argv));
        Assert.True(P("/usr/sbin/haproxy", "-f /etc/haproxy.cfg -D").Matches("haproxy", argv));
    }

    [Fact]
    public void Initial_lets_only_the_last_parameter_be_longer()
    {
        string[] argv = ["/bin/app", "--mode=fast", "x"];
        Assert.False(P("/bin/app", "--mode x", ProcessParamMatch.Initial).Matches("app", argv));
        Assert.True(P("/bin/app", "--mode=fast x", ProcessParamMatch.Initial).Matches("app", argv));
        Assert.True(P("/bin/app", "--mode", ProcessParamMatch.Initial).Matches("app", argv));
    }

    [Fact]
    public void Fewer_parameters_than_configured_never_match()
    {
        string[] argv = ["/bin/app", "a"];
        Assert.False(P("/bin/app", "a b", ProcessParamMatch.Partial).Matches("app", argv));
        Assert.False(P("/bin/app", "a b", ProcessParamMatch.Initial).Matches("app", argv));
        Assert.False(P("/bin/app", "a b").Matches("app", argv));
    }

    [Fact]
    public void A_process_without_a_command_line_never_matches_a_command_line_pattern()
    {
        Assert.False(P("kthreadd", full: true).Matches("kthreadd", []));
        Assert.True(P("kthreadd").Matches("kthreadd", []));
    }

    [Fact]
    public void Parameters_with_spaces_are_single_words()
    {
        var p = new ProcessPattern("/opt/a b", ["param 2"], ProcessParamMatch.Exact, false);
        Assert.True(p.Matches("a b", ["/opt/a b", "param 2"]));
        Assert.False(p.Matches("a b", ["/opt/a", "b", "param", "2"]));
    }
}
