using System.Net;
using Vigil.Config;
using Vigil.Config.Model;
using Vigil.Hosting;

namespace Vigil.Cli;

/// <summary>`vigil check`: parses and validates a keepalived.conf, prints located diagnostics on stderr and
/// the resolved model (text, or JSON with --json) on stdout; exit codes follow keepalived's `-t`.</summary>
public static class CheckCommand
{
    public static int Run(string[] args) =>
        Run(
            args,
            Console.Out,
            Console.Error,
            new FileConfigSource(),
            new LinuxHostEnvironment(),
            Environment.MachineName);

    public static int Run(
        string[] args,
        TextWriter stdout,
        TextWriter stderr,
        IConfigSource source,
        IHostEnvironment host,
        string hostName)
    {
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        var options = CheckOptions.Parse(args, out var error);
        if (options is null)
        {
            stderr.WriteLine($"vigil check: {error}");
            stderr.Write(CheckOptions.Usage);
            return 2;
        }
        if (options.Help)
        {
            stdout.Write(CheckOptions.Usage);
            return 0;
        }
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (System.Collections.DictionaryEntry e in Environment.GetEnvironmentVariables())
        {
            if (e.Key is string k && e.Value is string v)
                env[k] = v;
        }
        ConfigResult Load(IHostEnvironment? asked)
        {
            var loaded = ConfigLoader.Load(options.File, source, new ConfigOptions
            {
                ConfigId = options.ConfigId,
                HostName = hostName,
                Environment = env,
                RandomSeed = Environment.ProcessId,
                Strict = options.Strict,
                Host = asked,
            });
            return options.NetNamespace is { } given && loaded.Model is { } model
                ? loaded with { Model = model with { Global = model.Global with { NetNamespace = given } } }
                : loaded;
        }
        var result = Load(options.Offline ? null : host);
        string? namespaceNote = null;
        if (!options.Offline && result.Model?.Global.NetNamespace is { } ns)
        {
            // keepalived's -t enters the namespace, so interfaces are looked up where the daemon will run.
            if (host.InNetNamespace(ns) is { } inside)
            {
                result = Load(inside);
            }
            else
            {
                namespaceNote = $"vigil check: net_namespace {ns}: /run/netns/{ns} cannot be entered, so interfaces " +
                    $"were checked in this namespace; vigil run would exit 1 (keepalived 2.2.7 -t exits 0 without " +
                    $"checking)";
            }
        }
        // By file and line, as a compiler lists them, whatever order the front end found them in.
        result = result with { Diagnostics = Sorted(result.Diagnostics) };
        foreach (var d in result.Diagnostics)
            stderr.WriteLine(d.ToString());
        if (namespaceNote is not null)
            stderr.WriteLine(namespaceNote);
        if (options.Offline)
        {
            // Host facts change keepalived's verdict and model (missing interfaces refuse to start; scripts whose
            // user cannot be set are removed), so an offline verdict is only provisional.
            stderr.WriteLine(
                "vigil check: --offline: interfaces, script files and users were not checked; the verdict and model " +
                "may differ on the target host");
        }
        if (options.Json)
        {
            using var stream = new MemoryStream();
            CheckJsonWriter.Write(stream, result);
            stdout.Write(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
            stdout.WriteLine();
        }
        else
        {
            WriteSummary(stdout, result);
        }
        return result.ExitCode;
    }

    /// <summary>Diagnostics by file, line and column; equal places keep the front end's order.</summary>
    public static IReadOnlyList<Diagnostic> Sorted(IEnumerable<Diagnostic> diagnostics) =>
        diagnostics.OrderBy(d => d.File, StringComparer.Ordinal).ThenBy(d => d.Line).ThenBy(d => d.Column).ToList();

    private static void WriteSummary(TextWriter o, ConfigResult r)
    {
        var errors = r.Diagnostics.Count(d => d.Severity == DiagnosticSeverity.Error);
        var warnings = r.Diagnostics.Count - errors;
        if (r.Model is { } m)
        {
            if (m.Global.NetNamespace is { } ns)
            {
                o.WriteLine(
                    $"net_namespace {ns}: runs in /run/netns/{ns}, pid file and control socket " +
                    $"in {Daemon.RunFiles.Directory(ns)}/");
            }

            foreach (var i in m.Instances)
            {
                var mode = i.IsUnicast
                    ? $"unicast to {string.Join(',', i.UnicastPeers.Select(p => p.Address))}"
                    : $"multicast {i.McastDstIp}";
                o.WriteLine(
                    $"instance {i.Name}: vrid {i.Vrid} " +
                    $"on {i.Interface ?? "-"} {Operations.Status.StatusNames.Family(i.Family)} v{i.Version}, " +
                    $"{(i.ConfiguredState == Core.Primitives.VrrpState.Master ? "MASTER" : "BACKUP")} " +
                    $"priority {i.Priority}, advert {i.AdvertIntervalMs} ms, " +
                    $"{(i.Preempt ? "preempt" : "nopreempt")}" +
                    $"{(i.PreemptDelayMs > 0 ? $" delay {i.PreemptDelayMs} ms" : string.Empty)}, {mode}" +
                    $"{(i.SyncGroup is null ? string.Empty : $", sync group {i.SyncGroup}")}");
                o.WriteLine(
                    $"  vips: {(i.VirtualIpAddresses.Count == 0
                        ? "none"
                        : string.Join(' ', i.VirtualIpAddresses.Select(v => v.ToString())))}");
                var trackers = i.TrackScripts.Select(t => $"script {t.Name} {Weight(t)}")
                    .Concat(i.TrackInterfaces.Select(t => $"interface {t.Name} {Weight(t)}"))
                    .Concat(i.TrackFiles.Select(t => $"file {t.Name} {Weight(t)}"))
                    .Concat(i.TrackProcesses.Select(t => $"process {t.Name} {Weight(t)}")).ToList();
                if (trackers.Count > 0)
                    o.WriteLine($"  trackers: {string.Join(", ", trackers)}");
                foreach (var route in i.Routes)
                    o.WriteLine($"  route: {route}");
                foreach (var rule in i.Rules)
                    o.WriteLine($"  rule: {rule}");
            }
            foreach (var a in m.StaticAddresses)
                o.WriteLine($"static address: {a} dev {a.Dev ?? m.Global.DefaultInterface}");
            foreach (var route in m.StaticRoutes)
                o.WriteLine($"static route: {route}");
            foreach (var rule in m.StaticRules)
                o.WriteLine($"static rule: {rule}");
            foreach (var s in m.Scripts)
            {
                o.WriteLine(
                    $"script {s.Name}: {string.Join(' ', s.Command)} every {s.IntervalMs} ms, timeout {s.TimeoutMs} " +
                    $"ms, weight {s.Weight}{(s.Reverse ? " reverse" : string.Empty)}, rise {s.Rise} " +
                    $"fall {s.Fall}{(s.Tracked ? string.Empty : " (not tracked)")}");
            }
            foreach (var g in m.SyncGroups)
                o.WriteLine($"sync group {g.Name}: {string.Join(' ', g.Members)}");
            foreach (var s in m.IgnoredSections)
            {
                o.WriteLine(
                    $"skipped {s.Keyword}" +
                    $"{(s.Arguments.Count > 0 ? " " + string.Join(' ', s.Arguments) : string.Empty)} " +
                    $"({s.File}:{s.Line})");
            }
        }
        var verdict = r.ExitCode switch
        {
            0 => "configuration OK",
            4 => "configuration cannot run",
            5 => "configuration has errors that are worked around",
            _ => "configuration has script-security errors",
        };
        o.WriteLine($"{verdict}: {errors} error(s), {warnings} warning(s) (exit {r.ExitCode})");
    }

    private static string Weight(TrackerRef t) =>
        t.Weight == 0 ? "(fault)" : $"({t.Weight:+#;-#}{(t.Reverse ? " reverse" : string.Empty)})";

    internal static string Text(IPAddress? a) => a?.ToString() ?? string.Empty;
}
