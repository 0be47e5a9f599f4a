using System.Runtime.CompilerServices;
using Xunit;

namespace Vigil.Core.Tests.Protocol;

/// <summary>The frames written into <see cref="CapturedVectors"/> are exactly the "frame hex" lines of the captures
/// kept in tests/data/vectors, so a typo in the copy cannot go unnoticed.</summary>
public class VectorFileTests
{
    [Theory]
    [MemberData(nameof(CapturedVectors.Names), MemberType = typeof(CapturedVectors))]
    public void Frame_is_a_frame_hex_line_of_its_capture_file(string name)
    {
        var v = CapturedVectors.Get(name);
        var file = Path.Combine(VectorsDirectory(), name.Split(' ')[0] + ".txt");
        var lines = File.ReadAllLines(file);
        var frames = lines.Zip(lines.Skip(1))
            .Where(p => p.First.StartsWith("-- frame hex", StringComparison.Ordinal))
            .Select(p => p.Second.Trim())
            .ToList();

        Assert.NotEmpty(frames);
        Assert.Contains(v.FrameHex, frames);
    }

    [Fact]
    public void Ah_frames_are_frame_hex_lines_of_their_capture_file()
    {
        var lines = File.ReadAllLines(Path.Combine(VectorsDirectory(), "v2-ah-2vip.txt"));
        foreach (var (hex, _, _, _) in AhVectorTests.Frames)
            Assert.Contains(hex, lines);
    }

    [Fact]
    public void Every_capture_file_has_its_config_and_pcap_beside_it()
    {
        var texts = Directory.GetFiles(VectorsDirectory(), "*.txt");
        Assert.Equal(13, texts.Length);
        foreach (var t in texts)
        {
            Assert.True(File.Exists(Path.ChangeExtension(t, ".conf")), t);
            Assert.True(File.Exists(Path.ChangeExtension(t, ".pcap")), t);
        }
    }

    // The source file's path, recorded at compile time, finds the tree wherever the test binary runs from;
    // the binary's own directory is the fallback.
    internal static string VectorsDirectory([CallerFilePath] string self = "")
    {
        foreach (var start in (string[])[Path.GetDirectoryName(self) ?? ".", AppContext.BaseDirectory])
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Vigil.slnx")))
                    return Path.Combine(dir.FullName, "tests", "data", "vectors");
            }
        }

        throw new InvalidOperationException("Vigil.slnx not found above " + self);
    }
}
