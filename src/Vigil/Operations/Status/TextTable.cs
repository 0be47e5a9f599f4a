using System.Text;

namespace Vigil.Operations.Status;

/// <summary>Left-aligned columns separated by two spaces; numeric columns right-aligned.</summary>
internal sealed class TextTable
{
    private readonly string[] _headers;
    private readonly bool[] _right;
    private readonly List<string[]> _rows = [];

    public TextTable(params (string Header, bool RightAligned)[] columns)
    {
        _headers = columns.Select(c => c.Header).ToArray();
        _right = columns.Select(c => c.RightAligned).ToArray();
    }

    public void Add(params string[] cells) => _rows.Add(cells);

    public void WriteTo(StringBuilder output)
    {
        var widths = new int[_headers.Length];
        foreach (var row in _rows.Prepend(_headers))
        {
            for (var c = 0; c < widths.Length; c++)
                widths[c] = Math.Max(widths[c], c < row.Length ? row[c].Length : 0);
        }
        foreach (var row in _rows.Prepend(_headers))
        {
            var line = new StringBuilder();
            for (var c = 0; c < widths.Length; c++)
            {
                var cell = c < row.Length ? row[c] : "";
                if (c > 0)
                    line.Append("  ");
                line.Append(
                    _right[c] ? cell.PadLeft(widths[c]) : c == widths.Length - 1 ? cell : cell.PadRight(widths[c]));
            }
            output.Append(line.ToString().TrimEnd()).Append('\n');
        }
    }
}
