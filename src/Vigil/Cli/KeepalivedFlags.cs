namespace Vigil.Cli;

/// <summary>The answers keepalived gives without starting (`-v/--version`, `--signum=NAME`), in its forms, because
/// integrations parse them: keepalived-exporter reads the version from the second word of the first line on
/// stderr ("Keepalived v2.4.3 (...)" gives 2.4.3) and decides from it whether `--signum` and the script states in
/// keepalived.data exist, then asks `--signum=JSON` etc. for the numbers to send.</summary>
public static class KeepalivedFlags
{
    /// <summary>The keepalived release whose behaviour and files Vigil follows where 2.2.7 and 2.4.3 differ
    /// (docs/config-fidelity.md).</summary>
    public const string CompatibleVersion = "2.4.3";

    /// <summary>The first line: keepalived's shape, so parsers read <see cref="CompatibleVersion"/>; the
    /// parenthesis (where keepalived puts its release date) says what is really running.</summary>
    public static string VersionLine => $"Keepalived v{CompatibleVersion} (Vigil {VersionInfo.Version})";

    /// <summary>True when the command line asks for the version or a signal number; <paramref name="code"/> is then
    /// the exit code. As keepalived, the first of them wins wherever it stands and nothing starts.</summary>
    public static bool TryAnswer(string[] args, TextWriter stdout, TextWriter stderr, out int code)
    {
        for (var i = 0; i < args.Length; i++)
        {
            var a = args[i];
            if (a is "-v" or "--version")
            {
                // keepalived writes its version to stderr; so does this, with a blank line before the details.
                stderr.Write(VersionText);
                code = 0;
                return true;
            }
            if (a == "--signum" || a.StartsWith("--signum=", StringComparison.Ordinal))
            {
                var name = a == "--signum" ? (i + 1 < args.Length ? args[i + 1] : "") : a["--signum=".Length..];
                code = Signum(name, stdout, stderr);
                return true;
            }
        }
        code = 0;
        return false;
    }

    public static string VersionText =>
        $"""
        {VersionLine}

        Vigil {VersionInfo.Version}, a keepalived-compatible VRRP daemon (VRRP only: no LVS, no BFD)
        Configuration and files: keepalived {CompatibleVersion}; `vigil check` says where keepalived 2.2.7 differs

        """.Replace("\r\n", "\n", StringComparison.Ordinal);

    private static int Signum(string name, TextWriter stdout, TextWriter stderr)
    {
        if (name.Length == 0)
        {
            stderr.WriteLine("Missing parameter for option --signum");
            return 1;
        }
        if (KeepalivedSignals.Number(name) is not { } number)
        {
            stderr.WriteLine($"Unknown sigfunc {name}");
            return 1;
        }
        stdout.WriteLine(number.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return 0;
    }
}
