namespace Vigil.Config;

/// <summary>
/// Routing table names, as iproute2 and keepalived read them: <c>rt_tables</c> (in /etc/iproute2, else in
/// /usr/share/iproute2 where a newer iproute2 keeps its defaults) and then every <c>rt_tables.d/*.conf</c> (the
/// /usr/share ones that /etc does not override, then /etc's). Lines are <c>NUMBER NAME</c> (the number in C's
/// notation: decimal, 0x hex, 0 octal), <c>#</c> starts a comment, any other line is skipped; the first entry of a
/// name wins; <c>default</c>, <c>main</c> and <c>local</c> are known unless a file gives their numbers other names.
/// The files come in through <see cref="IConfigSource"/>, so the parsing stays pure.
/// </summary>
public sealed class RouteTableNames
{
    public const string EtcDirectory = "/etc/iproute2";
    public const string UsrDirectory = "/usr/share/iproute2";

    private readonly List<(string Name, uint Id)> _entries = [];

    /// <summary>Only the built-in names.</summary>
    public static RouteTableNames BuiltIn { get; } = FromText();

    /// <summary>Reads the files from <paramref name="source"/>; missing ones count as empty.</summary>
    public static RouteTableNames Read(
        IConfigSource source,
        string etcDirectory = EtcDirectory,
        string usrDirectory = UsrDirectory)
    {
        ArgumentNullException.ThrowIfNull(source);
        var texts = new List<string>();
        if (source.TryReadText($"{etcDirectory}/rt_tables", out var main)
            || source.TryReadText($"{usrDirectory}/rt_tables", out main))
        {
            texts.Add(main);
        }

        foreach (var file in source.Glob($"{usrDirectory}/rt_tables.d", "*.conf"))
        {
            if (!source.Exists($"{etcDirectory}/rt_tables.d/{Path.GetFileName(file)}")
                && source.TryReadText(file, out var text))
            {
                texts.Add(text);
            }
        }
        foreach (var file in source.Glob($"{etcDirectory}/rt_tables.d", "*.conf"))
        {
            // keepalived skips hidden files (a ".conf" alone is not a name ending in .conf).
            if (!Path.GetFileName(file).StartsWith('.') && source.TryReadText(file, out var text))
                texts.Add(text);
        }
        return FromText([.. texts]);
    }

    /// <summary>The names in <paramref name="fileTexts"/>, in that order, plus the built-in ones.</summary>
    public static RouteTableNames FromText(params string[] fileTexts)
    {
        var names = new RouteTableNames();
        foreach (var text in fileTexts)
        {
            foreach (var raw in text.Split('\n'))
            {
                var line = raw;
                var hash = line.IndexOf('#', StringComparison.Ordinal);
                if (hash >= 0)
                    line = line[..hash];
                var fields = line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
                if (fields.Length != 2
                    || fields[0].StartsWith('-')
                    || !TryNumber(fields[0], out var id)
                    || id > uint.MaxValue)
                {
                    continue;
                }

                names._entries.Add((fields[1].TrimEnd('\r'), (uint)id));
            }
        }
        foreach (var (name, id) in (ReadOnlySpan<(string, uint)>)[("default", 253u), ("main", 254u), ("local", 255u)])
        {
            if (!names._entries.Exists(e => e.Id == id))
                names._entries.Add((name, id));
        }
        return names;
    }

    /// <summary>A table number (as keepalived takes one) or a known name.</summary>
    public bool TryResolve(string text, out uint id)
    {
        id = 0;
        if (TryNumber(text, out var number))
        {
            id = (uint)number;
            return number <= uint.MaxValue;
        }
        foreach (var (name, value) in _entries)
        {
            if (name == text)
            {
                id = value;
                return true;
            }
        }
        return false;
    }

    /// <summary>C's strtoul with base 0 over the whole text: 0x/0X hex, a leading 0 octal, else decimal.</summary>
    public static bool TryNumber(string text, out ulong value)
    {
        value = 0;
        if (string.IsNullOrEmpty(text))
            return false;
        int radix = 10, start = 0;
        if (text.Length > 2 && text[0] == '0' && (text[1] is 'x' or 'X'))
            (radix, start) = (16, 2);
        else if (text.Length > 1 && text[0] == '0')
            (radix, start) = (8, 1);
        for (var i = start; i < text.Length; i++)
        {
            var digit = char.IsAsciiDigit(text[i]) ? text[i] - '0'
                : char.IsAsciiHexDigitLower(text[i]) ? text[i] - 'a' + 10
                : char.IsAsciiHexDigitUpper(text[i]) ? text[i] - 'A' + 10 : 99;
            if (digit >= radix)
                return false;
            value = value * (ulong)radix + (ulong)digit;
            if (value > uint.MaxValue)
            {
                value = ulong.MaxValue;
                return true;
            }
        }
        return true;
    }
}
