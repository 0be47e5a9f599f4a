using System.Text;
using CsCheck;
using Vigil.Config.Model;

namespace Vigil.Config.Tests;

/// <summary>Random mutations of real configurations never throw and always yield located diagnostics.</summary>
public sealed class MutationPropertyTests
{
    private static readonly string[] Corpus = TestPaths.CorpusFiles().Select(File.ReadAllText).ToArray();

    private const string Nasty = "{}\"'\\#!$~@\0\r\n\t 0123456789-./:;*?[]()abcxyzé日";

    private enum Mutation
    {
        DropBrace,
        Truncate,
        RandomBytes,
        HugeNumber,
        DeepNesting,
        IncludeCycle,
        ParameterBomb,
        SequenceBomb,
        Splice,
    }

    private static string Mutate(string text, Mutation kind, int a, int b, string noise)
    {
        var pos = text.Length == 0 ? 0 : a % text.Length;
        switch (kind)
        {
            case Mutation.DropBrace:
            {
                var braces = Enumerable.Range(0, text.Length).Where(i => text[i] is '{' or '}').ToList();
                return braces.Count == 0 ? text + "}" : text.Remove(braces[a % braces.Count], 1);
            }
            case Mutation.Truncate:
                return text[..pos];
            case Mutation.RandomBytes:
            {
                var sb = new StringBuilder(text);
                for (var k = 0; k < noise.Length; k++)
                    sb.Insert((pos + k * 7919) % (sb.Length + 1), noise[k]);
                return sb.ToString();
            }
            case Mutation.HugeNumber:
            {
                var digits = Enumerable.Range(0, text.Length).Where(i => char.IsAsciiDigit(text[i])).ToList();
                var huge = (b % 3) switch { 0 => "99999999999999999999999999999999", 1 => "-4294967296", _ => "1e400" };
                return digits.Count == 0 ? text + "\npriority " + huge : text.Insert(digits[a % digits.Count], huge);
            }
            case Mutation.DeepNesting:
            {
                var n = 100 + b % 5000;
                return text.Insert(pos, string.Concat(Enumerable.Repeat("a {\n", n)));
            }
            case Mutation.ParameterBomb:
                return "$A=$B $B\n$B=$A $A\n$C=${C}${C}\n" + text.Insert(pos, "\n$A ${C}\n");
            case Mutation.SequenceBomb:
                return "~SEQ(I, 0, 1, " +
                    (b % 200) +
                    ") ~SEQ(J, 0, 1, 5) vrrp_script s${I}_${J} { script /bin/s }\n" +
                    text[..Math.Min(pos, 200)];
            case Mutation.Splice:
                return text[..pos] + noise + text[pos..];
            default:
                return text;
        }
    }

    [Fact]
    public void Mutated_corpus_files_never_throw_and_diagnostics_are_located()
    {
        var gen = Gen.Select(
            Gen.Int[0, Corpus.Length - 1],
            Gen.Enum<Mutation>(),
            Gen.Int[0, int.MaxValue],
            Gen.Int[0, int.MaxValue],
            Gen.Char[Nasty].Array[1, 40].Select(c => new string(c)));
        gen.Sample((file, kind, a, b, noise) =>
        {
            var src = new InMemoryConfigSource();
            var text = Mutate(Corpus[file], kind, a, b, noise);
            if (kind == Mutation.IncludeCycle)
            {
                src.Add("/etc/keepalived/a.conf", "include b.conf\n" + text);
                src.Add("/etc/keepalived/b.conf", "include ./a.conf\ninclude keepalived.conf\n");
                text = "include a.conf\n" + text;
            }
            src.Add(Conf.MainPath, text);
            var r = ConfigLoader.Load(Conf.MainPath, src, new ConfigOptions { HostName = "prop", RandomSeed = a });
            Assert.NotNull(r.Model);
            Assert.Contains(r.ExitCode, (int[])[0, 4, 5, 6]);
            foreach (var d in r.Diagnostics)
            {
                Assert.False(string.IsNullOrEmpty(d.File), d.ToString());
                Assert.True(d.Line >= 1 && d.Column >= 1, d.ToString());
                Assert.False(string.IsNullOrEmpty(d.Code));
            }
            if (kind is Mutation.IncludeCycle)
                Assert.Contains(r.Diagnostics, d => d.Code == "include-cycle");
            if (kind is Mutation.DeepNesting or Mutation.ParameterBomb)
                Assert.NotEmpty(r.Diagnostics);
        }, iter: 1500, threads: 1);
    }

    [Fact]
    public void Pure_random_text_never_throws()
    {
        Gen.Char[Nasty].Array[0, 400].Sample(chars =>
        {
            var r = Conf.Load(new string(chars));
            Assert.NotNull(r.Model);
            Assert.All(
                r.Diagnostics,
                d => Assert.True(d.Line >= 1 && d.Column >= 1 && d.File.Length > 0, d.ToString()));
        }, iter: 3000);
    }

    [Fact]
    public void Dropping_the_last_closing_brace_is_always_reported()
    {
        Gen.Int[0, Corpus.Length - 1].Sample(i =>
        {
            // The last line that is only a closing brace (not one inside ${...} or a comment).
            var lines = Corpus[i].Split('\n');
            var last = Array.FindLastIndex(lines, l => l.Trim() == "}");
            if (last < 0)
                return;
            lines[last] = string.Empty;
            var r = Conf.Load(string.Join('\n', lines));
            Assert.Contains(r.Diagnostics, d => d.Code == "missing-brace" && d.Line >= 1);
        }, iter: 200);
    }

    [Fact]
    public void A_sequence_of_a_multi_line_parameter_is_capped_by_the_lines_it_produces()
    {
        // Found by fuzzing (tests/Vigil.Fuzz, config target): the cap counted repetitions, not lines, so a 200-byte
        // file repeating a 30-line parameter 200,000 times made six million lines (39 s, 1.4 GB), and a parameter
        // of parameters could exhaust memory. Output of parameters and sequences is capped in lines and text.
        var body = string.Concat(Enumerable.Range(0, 30).Select(i => $"x{i} \\\n"));
        var r = Conf.Load("$L=\\\n" + body + "end\n~SEQ(N, 200000) $L\n");

        Assert.Contains(
            r.Diagnostics,
            d => d.Code == "parameter" && d.Line == 33 && d.Message.Contains("the rest is dropped"));
        // What was kept stays within the cap: every kept line is an unknown keyword, and each is reported once
        // (the diagnostics themselves are capped at 10,000 and then count the rest).
        var more = r.Diagnostics.Single(d => d.Code == "too-many-diagnostics");
        var reported = int.Parse(more.Message.Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture) +
            10_000;
        Assert.InRange(reported, 190_000, 200_100);
    }

    [Fact]
    public void Parameters_that_multiply_text_are_capped_by_the_text_they_produce()
    {
        // Each use of $B is 60 lines of 1,000 characters (60 KB); 1,000 uses would be 60 MB of text in only 60,000
        // lines, under the cap on lines.
        var line = new string('y', 998);
        var b = string.Concat(Enumerable.Range(0, 60).Select(_ => line + " \\\n"));
        var uses = string.Concat(Enumerable.Repeat("$B\n", 1000));
        var r = Conf.Load("$B=\\\n" + b + "end\n" + uses);

        Assert.Contains(r.Diagnostics, d => d.Code == "parameter" && d.Message.Contains("the rest is dropped"));
    }

    [Fact]
    public void Runaway_sequences_are_capped_with_a_diagnostic()
    {
        var r = Conf.Load("~SEQ(I, 0, 1, 100000) ~SEQ(J, 0, 1, 50) $X=${I}\n");
        Assert.Contains(r.Diagnostics, d => d.Code == "sequence" && d.Line == 1);
    }
}
