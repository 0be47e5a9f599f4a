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
                return "~SEQ(I, 0, 1, " + (b % 200) + ") ~SEQ(J, 0, 1, 5) vrrp_script s${I}_${J} { script /bin/s }\n" + text[..Math.Min(pos, 200)];
            case Mutation.Splice:
                return text[..pos] + noise + text[pos..];
            default:
                return text;
        }
    }

    [Fact]
    public void Mutated_corpus_files_never_throw_and_diagnostics_are_located()
    {
        var gen = Gen.Select(Gen.Int[0, Corpus.Length - 1], Gen.Enum<Mutation>(), Gen.Int[0, int.MaxValue], Gen.Int[0, int.MaxValue],
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
            Assert.All(r.Diagnostics, d => Assert.True(d.Line >= 1 && d.Column >= 1 && d.File.Length > 0, d.ToString()));
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
    public void Runaway_sequences_are_capped_with_a_diagnostic()
    {
        var r = Conf.Load("~SEQ(I, 0, 1, 100000) ~SEQ(J, 0, 1, 50) $X=${I}\n");
        Assert.Contains(r.Diagnostics, d => d.Code == "sequence" && d.Line == 1);
    }
}
