using Vigil.Operations.Control;

namespace Vigil.Operations.Tests.Control;

/// <summary>status, reload and stop find the daemon's socket as <c>vigil run</c> placed it: --control wins, then
/// <c>-s NAME</c>, then the net_namespace of the configuration (-f, default /etc/keepalived/keepalived.conf, with
/// -i).</summary>
public sealed class ControlPlacementTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"vigil-place-{Guid.NewGuid():N}");
    private readonly List<(string File, string? Id)> _asked = [];

    public void Dispose()
    {
        if (Directory.Exists(_dir))
            Directory.Delete(_dir, recursive: true);
    }

    private ControlOptions Parse(string? named, params string[] args)
    {
        var options = ControlOptions.Parse(args, ["--json"], [], (file, id) =>
        {
            _asked.Add((file, id));
            return named;
        }, out var error);
        Assert.Null(error);
        return options!;
    }

    [Fact]
    public void Without_options_the_default_file_is_asked_and_a_namespace_it_names_places_the_socket()
    {
        var o = Parse("blue");
        Assert.Equal("/run/vigil/blue/control.sock", o.ControlPath);
        Assert.Equal(("/etc/keepalived/keepalived.conf", (string?)null), Assert.Single(_asked));
        Assert.Equal(" (the socket of net_namespace blue in /etc/keepalived/keepalived.conf)", o.Where);
    }

    [Fact]
    public void A_file_without_a_namespace_leaves_the_default_socket()
    {
        var o = Parse(null, "-f", "/srv/k.conf", "-i", "node2", "--json");
        Assert.Equal(ControlServer.DefaultPath, o.ControlPath);
        Assert.Equal(("/srv/k.conf", (string?)"node2"), Assert.Single(_asked));
        Assert.Contains("--json", o.Flags);
        Assert.Empty(o.Where);
    }

    [Fact]
    public void Control_wins_and_no_file_is_read()
    {
        var o = Parse("blue", "-f", "/srv/k.conf", "--control", "/tmp/x.sock");
        Assert.Equal("/tmp/x.sock", o.ControlPath);
        Assert.Empty(_asked);
    }

    [Fact]
    public void The_namespace_option_wins_over_the_file()
    {
        var o = Parse("blue", "--namespace=red");
        Assert.Equal("/run/vigil/red/control.sock", o.ControlPath);
        Assert.Empty(_asked);
    }

    [Fact]
    public void A_bad_namespace_name_is_a_usage_error()
    {
        Assert.Null(ControlOptions.Parse(["-s", "a/b"], [], [], (_, _) => null, out var error));
        Assert.Contains("not a namespace name", error, StringComparison.Ordinal);
    }

    [Fact]
    public void The_real_file_reader_takes_the_namespace_of_the_config_id()
    {
        Directory.CreateDirectory(_dir);
        var file = Path.Combine(_dir, "keepalived.conf");
        File.WriteAllText(
            file,
            "@a net_namespace green\n@b net_namespace amber\nvrrp_instance VI_1 {\n interface eth0\n" +
            " virtual_router_id 1\n}\n");
        Assert.Equal(
            "/run/vigil/amber/control.sock",
            ControlOptions.Parse(["-f", file, "-i", "b"], [], [], out _)!.ControlPath);
        Assert.Equal(
            "/run/vigil/green/control.sock",
            ControlOptions.Parse(["-f", file, "-i", "a"], [], [], out _)!.ControlPath);
        Assert.Equal(
            ControlServer.DefaultPath,
            ControlOptions.Parse(["-f", Path.Combine(_dir, "missing.conf")], [], [], out _)!.ControlPath);
    }
}
