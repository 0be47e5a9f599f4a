using Vigil.Config;
using Vigil.Hosting;

namespace Vigil.Operations.Tests.Hosting;

/// <summary>The real file system source and host checks, against a scratch directory tree.</summary>
public sealed class HostingTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("vigil-config-").FullName;

    public void Dispose() => Directory.Delete(_root, true);

    private string Write(string rel, string text)
    {
        var p = Path.Combine(_root, rel);
        Directory.CreateDirectory(Path.GetDirectoryName(p)!);
        File.WriteAllText(p, text);
        return p;
    }

    [Fact]
    public void File_source_reads_and_globs_with_braces_sorted()
    {
        Write("conf.d/b.conf", "b");
        Write("conf.d/a.conf", "a");
        Write("conf.d/.hidden.conf", "h");
        Write("conf.d/c.txt", "c");
        Write("x/y.inc", "y");
        var src = new FileConfigSource();
        Assert.Equal(
            [Path.Combine(_root, "conf.d/a.conf"), Path.Combine(_root, "conf.d/b.conf")],
            src.Glob(_root, "conf.d/*.conf"));
        Assert.Equal(
            [Path.Combine(_root, "conf.d/c.txt"), Path.Combine(_root, "x/y.inc")],
            src.Glob(_root, "{conf.d/c.txt,x/*.inc}"));
        Assert.Empty(src.Glob(_root, "nothing/*.conf"));
        Assert.True(src.TryReadText(Path.Combine(_root, "conf.d/a.conf"), out var text));
        Assert.Equal("a", text);
        Assert.False(src.TryReadText(Path.Combine(_root, "absent"), out _));
        Assert.False(src.TryReadText(_root, out _));
    }

    [Fact]
    public void Includes_through_the_real_file_system()
    {
        var main = Write("keepalived.conf", "include conf.d/*.conf\n");
        Write(
            "conf.d/vi.conf",
            "vrrp_instance VI_1 {\n interface eth0\n virtual_router_id 3\n virtual_ipaddress { 192.0.2.3 }\n}\n");
        var r = ConfigLoader.Load(main, new FileConfigSource(), new ConfigOptions());
        Assert.Equal(3, r.Model!.Instances.Single().Vrid);
        Assert.Equal(Path.Combine(_root, "conf.d/vi.conf"), r.Model.Instances[0].Location.File);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void Host_environment_answers_from_its_roots()
    {
        Directory.CreateDirectory(Path.Combine(_root, "net/eth7"));
        var passwd = Write("passwd", "root:x:0:0::/root:/bin/sh\nsvc:x:1000:1000::/home/svc:/bin/sh\n");
        var group = Write("group", "root:x:0:\nsvc:x:1000:\n");
        var bin = Path.Combine(_root, "bin");
        Directory.CreateDirectory(bin);
        File.SetUnixFileMode(
            bin,
            UnixFileMode.UserRead
                | UnixFileMode.UserWrite
                | UnixFileMode.UserExecute
                | UnixFileMode.GroupRead
                | UnixFileMode.GroupExecute
                | UnixFileMode.OtherRead
                | UnixFileMode.OtherExecute);
        var exe = Write("bin/check", "#!/bin/sh\nexit 0\n");
        File.SetUnixFileMode(exe, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var plain = Write("bin/plain", "data");
        File.SetUnixFileMode(plain, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var host = new LinuxHostEnvironment(Path.Combine(_root, "net"), passwd, group, bin);
        Assert.True(host.InterfaceExists("eth7"));
        Assert.False(host.InterfaceExists("eth8"));
        Assert.False(host.InterfaceExists("../net"));
        Assert.True(host.UserExists("svc"));
        Assert.False(host.UserExists("nobody-here"));
        Assert.True(host.GroupExists("svc"));
        Assert.Equal(ScriptFileStatus.Ok, host.CheckScript("check", "svc"));
        Assert.Equal(ScriptFileStatus.Ok, host.CheckScript(exe, "svc"));
        Assert.Equal(ScriptFileStatus.NotFound, host.CheckScript("absent", null));
        Assert.Equal(ScriptFileStatus.NotExecutable, host.CheckScript(plain, null));
        // A world-writable directory on the path of a script run as root is unsafe.
        File.SetUnixFileMode(bin, (UnixFileMode)0b111_111_111);
        Assert.Equal(ScriptFileStatus.Insecure, host.CheckScript(exe, "root"));
        Assert.Equal(ScriptFileStatus.Ok, host.CheckScript(exe, "svc"));
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void A_root_script_owned_by_another_user_is_insecure_whatever_its_mode()
    {
        // chown needs root; CI runs as root.
        Assert.SkipUnless(Environment.UserName == "root", "changing a file's owner needs root");
        var bin = Path.Combine(_root, "owned");
        Directory.CreateDirectory(bin);
        File.SetUnixFileMode(bin, (UnixFileMode)0b111_101_101);
        var exe = Write("owned/check", "#!/bin/sh\nexit 0\n");
        File.SetUnixFileMode(exe, (UnixFileMode)0b111_101_101); // rwxr-xr-x: no write bit for group or others
        var host = new LinuxHostEnvironment(path: bin);
        Assert.True(FileOwner.TryGet(exe, out var uid, out _));
        Assert.Equal(0u, uid);
        Assert.Equal(ScriptFileStatus.Ok, host.CheckScript(exe, "root"));

        // The owner (nobody, uid 65534) could rewrite it: keepalived calls that unsafe, and so does Vigil.
        Assert.Equal(0, Chown(exe, 65534, 65534));
        Assert.True(FileOwner.TryGet(exe, out uid, out var gid));
        Assert.Equal((65534u, 65534u), (uid, gid));
        Assert.Equal(ScriptFileStatus.Insecure, host.CheckScript(exe, "root"));
        Assert.Equal(ScriptFileStatus.Ok, host.CheckScript(exe, "nobody"));

        // The same for a directory on the path.
        Assert.Equal(0, Chown(exe, 0, 0));
        Assert.Equal(0, Chown(bin, 65534, 65534));
        Assert.Equal(ScriptFileStatus.Insecure, host.CheckScript(exe, "root"));
    }

    [System.Runtime.InteropServices.DllImport("libc", SetLastError = true, EntryPoint = "chown")]
    private static extern int Chown(
        [System.Runtime.InteropServices.MarshalAs(System.Runtime.InteropServices.UnmanagedType.LPUTF8Str)] string path,
        int uid,
        int gid);
}
