using System.Text;
using Vigil.Operations.Metrics;

namespace Vigil.Operations.Tests.Metrics;

public sealed class MetricsPageTests
{
    private static byte[] Bytes(MetricsPage page) => page.Segments().SelectMany(s => s.ToArray()).ToArray();

    [Fact]
    public void A_page_larger_than_many_chunks_is_the_utf8_of_its_text()
    {
        using var page = new MetricsPage();
        var expected = new StringBuilder();
        for (var i = 0; i < 20_000; i++)
        {
            var line = $"vigil_x{{iname=\"VI_é_😀_{i}\"}} {i}\n";
            page.Append(line);
            expected.Append(line);
        }

        Assert.True(page.Segments().Count() > 3);
        Assert.Equal(Encoding.UTF8.GetBytes(expected.ToString()), Bytes(page));
        Assert.Equal(Encoding.UTF8.GetByteCount(expected.ToString()), page.Length);
        Assert.Equal(expected.ToString(), page.ToString());
    }

    [Fact]
    public void A_long_text_is_cut_into_pieces_between_surrogate_pairs_never_inside_one()
    {
        // 4,095 ASCII characters put the pair's high half last in the first 4,096-character piece.
        var text = new string('a', 4095) + "😀" + new string('b', 70_000) + "😀";
        using var page = new MetricsPage();
        page.Append(text);

        Assert.Equal(Encoding.UTF8.GetBytes(text), Bytes(page));
        Assert.DoesNotContain("\uFFFD", page.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0.0, "0")]
    [InlineData(0.1, "0.1")]
    [InlineData(1e21, "1E+21")]
    [InlineData(-123.456, "-123.456")]
    [InlineData(double.Epsilon, "5E-324")]
    public void Doubles_are_written_in_the_round_trip_form(double value, string text)
    {
        using var page = new MetricsPage();
        page.Append(value);
        Assert.Equal(text, page.ToString());
        Assert.Equal(value.ToString("R", System.Globalization.CultureInfo.InvariantCulture), page.ToString());
    }

    [Fact]
    public void Only_ascii_characters_are_appended_one_by_one()
    {
        using var page = new MetricsPage();
        page.Append('{').Append('}');
        Assert.Equal("{}", page.ToString());
        Assert.Throws<ArgumentOutOfRangeException>(() => page.Append('é'));
    }

    [Fact]
    public void A_disposed_page_is_empty_and_can_be_written_again()
    {
        var page = new MetricsPage();
        page.Append(new string('x', 200_000));
        page.Dispose();
        Assert.Equal(0, page.Length);
        Assert.Empty(page.Segments());
        page.Append("y");
        Assert.Equal("y", page.ToString());
        page.Dispose();
    }
}
