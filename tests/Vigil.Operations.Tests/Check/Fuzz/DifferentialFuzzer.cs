using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Vigil.Config;

namespace Vigil.Operations.Tests.Check.Fuzz;

/// <summary>Generates files from seeds, runs each through keepalived 2.2.7 (in a private namespace) and through
/// `vigil check --json` (in process, seeing the namespace's interfaces and this host's users and scripts), and
/// compares the verdict and, for every <c>dumpEvery</c>-th file, every model field of <see cref="ModelFacts"/>.
/// A verdict disagreement is shrunk (nodes removed while it persists) and written to the output directory.</summary>
internal sealed class DifferentialFuzzer(string outDir, int workers, int dumpEvery)
{
    public sealed record Outcome(
        int Seed,
        int Theirs,
        int Ours,
        int FieldsCompared,
        int FieldsAgreeing,
        List<string> FieldDiffs,
        bool DumpMissing);

    public sealed class Report
    {
        public int Files;

        /// <summary>Files keepalived itself crashed on (killed by a signal): no verdict to compare.</summary>
        public int Crashed;
        public int VerdictAgree;
        public int Dumped;

        /// <summary>Files chosen for a dump where keepalived's daemon gave none (it stopped, or took over 20
        /// s).</summary>
        public int DumpMissing;
        public int FieldsCompared;
        public int FieldsAgreeing;
        public List<Outcome> Disagreements { get; } = [];

        public double VerdictRate => Files == 0 ? 1 : (double)VerdictAgree / Files;
        public double FieldRate => FieldsCompared == 0 ? 1 : (double)FieldsAgreeing / FieldsCompared;

        public string Summary() => string.Create(CultureInfo.InvariantCulture,
            $"files {Files}: verdicts agree {VerdictAgree} ({VerdictRate:P2}); dumped {Dumped}: fields " +
            $"agree {FieldsAgreeing}/{FieldsCompared} ({FieldRate:P2}), no dump from keepalived for {DumpMissing}; " +
            $"keepalived crashed on {Crashed} more");
    }

    /// <summary>Answers interface questions from the fuzz namespace, everything else from this host.</summary>
    private sealed class NamespaceHost(IReadOnlySet<string> links) : IHostEnvironment
    {
        private readonly Vigil.Hosting.LinuxHostEnvironment _host = new();
        public bool InterfaceExists(string name) => links.Contains(name);
        public bool UserExists(string name) => _host.UserExists(name);
        public bool GroupExists(string name) => _host.GroupExists(name);
        public ScriptFileStatus CheckScript(string command, string? user) => _host.CheckScript(command, user);
    }

    public Report Run(IEnumerable<int> seeds)
    {
        Directory.CreateDirectory(outDir);
        var queue = new ConcurrentQueue<int>(seeds);
        var outcomes = new ConcurrentBag<Outcome>();
        var threads = Enumerable.Range(0, workers).Select(w => new Thread(() =>
        {
            using var ns = new FuzzNamespace(w);
            var work = Path.Combine(outDir, "work-" + w.ToString(CultureInfo.InvariantCulture));
            while (queue.TryDequeue(out var seed))
            {
                var o = One(ns, work, seed);
                outcomes.Add(o);
                // One line per file as it finishes, so a long run by hand can be read while it goes.
                lock (outcomes)
                {
                    File.AppendAllText(Path.Combine(outDir, "outcomes.tsv"), string.Create(CultureInfo.InvariantCulture,
                        $"{o.Seed}\t{o.Theirs}\t{o.Ours}\t{o.FieldsCompared}\t{o.FieldsAgreeing}\t" +
                        $"{(o.DumpMissing ? 1 : 0)}\n"));
                }
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        var report = new Report();
        foreach (var o in outcomes.OrderBy(o => o.Seed))
        {
            if (o.Theirs >= 128)
            {
                report.Crashed++;
                report.Disagreements.Add(o);
                continue;
            }
            report.Files++;
            if (o.Theirs == o.Ours)
                report.VerdictAgree++;
            if (o.FieldsCompared > 0)
                report.Dumped++;
            if (o.DumpMissing)
                report.DumpMissing++;
            report.FieldsCompared += o.FieldsCompared;
            report.FieldsAgreeing += o.FieldsAgreeing;
            if (o.Theirs != o.Ours || o.FieldDiffs.Count > 0)
                report.Disagreements.Add(o);
        }
        File.WriteAllText(Path.Combine(outDir, "summary.txt"), report.Summary() + "\n" + string.Join("\n",
            report.Disagreements.Select(
                d => $"seed {d.Seed}: keepalived {d.Theirs} vigil {d.Ours} {string.Join("; ", d.FieldDiffs)}")) + "\n");
        return report;
    }

    private Outcome One(FuzzNamespace ns, string work, int seed)
    {
        var conf = new ConfGenerator(seed).Generate();
        var file = conf.Write(work);
        var (theirs, log) = KeepalivedOracle.Test(ns, file);
        var (ours, json, diags) = RunVigil(ns, file);
        var diffs = new List<string>();
        int compared = 0, agreeing = 0;
        var dumpMissing = false;
        if (dumpEvery > 0 && seed % dumpEvery == 0 && theirs != 4 && ours != 4)
        {
            if (KeepalivedOracle.Dump(ns, file, work) is { } dump)
                (compared, agreeing) = Compare(ModelFacts.FromDump(dump), ModelFacts.FromJson(json), diffs);
            else
                dumpMissing = true;
        }
        if (theirs != ours || diffs.Count > 0)
        {
            var shrunk = theirs != ours ? Shrink(ns, work, conf, theirs, ours) : conf;
            var dir = Path.Combine(outDir, "seed-" + seed.ToString(CultureInfo.InvariantCulture));
            shrunk.Write(dir);
            var (t2, log2) = KeepalivedOracle.Test(ns, Path.Combine(dir, "main.conf"));
            var (o2, _, d2) = RunVigil(ns, Path.Combine(dir, "main.conf"));
            File.WriteAllText(Path.Combine(dir, "outcome.txt"),
                $"keepalived {theirs} vigil {ours} (shrunk: keepalived {t2} " +
                $"vigil {o2})\n{string.Join("\n", diffs)}\n--- keepalived -t\n{log2}--- vigil\n{d2}--- original " +
                $"keepalived -t\n{log}--- original vigil\n{diags}");
        }
        return new Outcome(seed, theirs, ours, compared, agreeing, diffs, dumpMissing);
    }

    private static (int Exit, string Json, string Diagnostics) RunVigil(FuzzNamespace ns, string file)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = global::Vigil.Cli.CheckCommand.Run(
            ["-f", file, "-i", KeepalivedOracle.ConfigId, "--json"],
            stdout,
            stderr,
            new global::Vigil.Hosting.FileConfigSource(),
            new NamespaceHost(ns.Links),
            "fuzz-host");
        return (code, stdout.ToString(), stderr.ToString());
    }

    /// <summary>Field by field; an instance only one side has counts every field as a disagreement. Sync-group
    /// members' trackers are not compared: keepalived lists the group's trackers under the group, Vigil merges them
    /// into each member (DISAGREEMENTS.md).</summary>
    private static (int Compared, int Agreeing) Compare(Dictionary<string, Dictionary<string, string>> theirs,
        Dictionary<string, Dictionary<string, string>> ours, List<string> diffs)
    {
        int compared = 0, agreeing = 0;
        foreach (var name in theirs.Keys.Union(ours.Keys).Order(StringComparer.Ordinal))
        {
            theirs.TryGetValue(name, out var t);
            ours.TryGetValue(name, out var o);
            if (t is null || o is null)
            {
                compared += ModelFacts.Fields.Length;
                diffs.Add($"{name}: only in {(t is null ? "vigil" : "keepalived")}");
                continue;
            }
            foreach (var f in ModelFacts.Fields)
            {
                if (f is "track_scripts" or "track_interfaces" && t["sync_group"] != "-")
                    continue;
                compared++;
                if (t[f] == o[f])
                    agreeing++;
                else
                    diffs.Add($"{name}.{f}: keepalived '{t[f]}' vigil '{o[f]}'");
            }
        }
        return (compared, agreeing);
    }

    /// <summary>Greedy shrinking: remove one node at a time (any depth, included files too) while keepalived and
    /// Vigil still give the same two verdicts; bounded so a pathological file cannot stall the run.</summary>
    private static ConfFile Shrink(FuzzNamespace ns, string work, ConfFile conf, int theirs, int ours)
    {
        var best = conf.Clone();
        var budget = 150;
        var progress = true;
        while (progress && budget > 0)
        {
            progress = false;
            var lists = best.Lists().ToList();
            for (var li = 0; li < lists.Count && budget > 0 && !progress; li++)
            {
                for (var i = lists[li].Count - 1; i >= 0 && budget > 0; i--)
                {
                    var candidate = best.Clone();
                    var list = candidate.Lists().ElementAt(li);
                    list.RemoveAt(i);
                    var file = candidate.Write(work);
                    budget--;
                    if (KeepalivedOracle.Test(ns, file).Verdict == theirs && RunVigil(ns, file).Exit == ours)
                    {
                        best = candidate;
                        progress = true;
                        break;
                    }
                }
            }
        }
        return best;
    }

    public static string Describe(Report r)
    {
        var sb = new StringBuilder(r.Summary()).Append('\n');
        foreach (var d in r.Disagreements.Take(40))
        {
            sb.Append(
                CultureInfo.InvariantCulture,
                $"seed {d.Seed}: keepalived {d.Theirs} vigil {d.Ours} {string.Join("; ", d.FieldDiffs.Take(4))}\n");
        }

        return sb.ToString();
    }
}
