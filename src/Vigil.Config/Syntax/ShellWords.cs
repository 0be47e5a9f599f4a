using System.Globalization;
using System.Text;

namespace Vigil.Config.Syntax;

/// <summary>keepalived's shell-like tokenising of quoted keywords (`script`, `notify*`): whitespace separates,
/// '..' and ".." quote, adjacent pieces concatenate, and backslash escapes (\a \b \E \f \n \r \t \v \nnn \xHH \cC,
/// any other \C gives C) are decoded outside single quotes.</summary>
internal static class ShellWords
{
    public static List<string> Split(string text, out bool unterminated)
    {
        var words = new List<string>();
        var current = new StringBuilder();
        var inWord = false;
        unterminated = false;
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (c is ' ' or '\t' or '\f' or '\v' or '\n' or '\r')
            {
                if (inWord)
                {
                    words.Add(current.ToString());
                    current.Clear();
                    inWord = false;
                }
                i++;
                continue;
            }
            inWord = true;
            if (c == '\'')
            {
                var end = text.IndexOf('\'', i + 1);
                if (end < 0)
                {
                    unterminated = true;
                    end = text.Length;
                }
                current.Append(text, i + 1, end - i - 1);
                i = end + 1;
            }
            else if (c == '"')
            {
                i++;
                while (i < text.Length && text[i] != '"')
                {
                    if (text[i] == '\\' && i + 1 < text.Length)
                        i = Escape(text, i, current);
                    else
                        current.Append(text[i++]);
                }
                if (i >= text.Length)
                    unterminated = true;
                i++;
            }
            else if (c == '\\' && i + 1 < text.Length)
            {
                i = Escape(text, i, current);
            }
            else
            {
                current.Append(c);
                i++;
            }
        }
        if (inWord)
            words.Add(current.ToString());
        return words;
    }

    // Decodes the escape at text[i] == '\\' and returns the index after it.
    private static int Escape(string text, int i, StringBuilder sb)
    {
        var c = text[i + 1];
        switch (c)
        {
            case 'a': sb.Append('\a'); return i + 2;
            case 'b': sb.Append('\b'); return i + 2;
            case 'E': sb.Append('\u001b'); return i + 2;
            case 'f': sb.Append('\f'); return i + 2;
            case 'n': sb.Append('\n'); return i + 2;
            case 'r': sb.Append('\r'); return i + 2;
            case 't': sb.Append('\t'); return i + 2;
            case 'v': sb.Append('\v'); return i + 2;
            case 'c' when i + 2 < text.Length:
                sb.Append((char)(char.ToUpperInvariant(text[i + 2]) ^ 0x40));
                return i + 3;
            case 'x':
            {
                var j = i + 2;
                var value = 0;
                while (j < text.Length && j < i + 4 && Uri.IsHexDigit(text[j]))
                    {
                        value = value * 16 +
                        int.Parse(text.AsSpan(j++, 1), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                    }

                    if (j == i + 2)
                {
                    sb.Append('x');
                    return i + 2;
                }
                sb.Append((char)value);
                return j;
            }
            case >= '0' and <= '7':
            {
                var j = i + 1;
                var value = 0;
                while (j < text.Length && j < i + 4 && text[j] is >= '0' and <= '7')
                    value = value * 8 + (text[j++] - '0');
                sb.Append((char)(value & 0xFF));
                return j;
            }
            default:
                sb.Append(c);
                return i + 2;
        }
    }
}
