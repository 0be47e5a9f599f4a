using Vigil.Core.Protocol;

namespace Vigil.Config.Model;

/// <summary>
/// An instance's `auth_hmac { ... }` block (keepalived 2.4). A key is either inline (<see cref="AuthHmacKey.Bytes"/>:
/// the bytes of a `hex:` value, else the ASCII string) or a `file:PATH` (<see cref="AuthHmacKey.File"/>), which the
/// configuration only names: the host reads it (the executable resolves it before the engine sees the model).
/// </summary>
public sealed record AuthHmacConfig
{
    public IReadOnlyList<AuthHmacKey> Keys { get; init; } = [];

    /// <summary>The id used to sign (1..255); always one of <see cref="Keys"/> once built.</summary>
    public int ActiveKey { get; init; }

    public HmacAntiReplay AntiReplay { get; init; } = HmacAntiReplay.Time;

    /// <summary>Seconds, 1..300; the default max(3 x advert_int, 5) is filled when the instance is built.</summary>
    public int TimeWindowSeconds { get; init; }

    public HmacMode Mode { get; init; } = HmacMode.Enforce;

    public SourceLocation Location { get; init; }
}

/// <summary>One `key ID VALUE` line: <see cref="Bytes"/> for an inline value, <see cref="File"/> for
/// `file:PATH`.</summary>
public sealed record AuthHmacKey(int Id, byte[]? Bytes, string? File, SourceLocation Location)
{
    /// <summary>The key bytes of a key file's text: a `hex:` line, otherwise the raw ASCII key; the line end is not
    /// part of the key (keepalived 2.4.3 reads a 42-character key from a 43-byte file ending in a newline).</summary>
    public static byte[] FromFileText(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var line = text.TrimEnd('\n', '\r');
        return line.StartsWith("hex:", StringComparison.Ordinal)
            ? Hex(line[4..])
            : System.Text.Encoding.UTF8.GetBytes(line);
    }

    /// <summary>The bytes of a `hex:` value; empty when a character is not a hex digit (keepalived then reports
    /// "length 0"); an odd last digit is dropped.</summary>
    public static byte[] Hex(string digits)
    {
        ArgumentNullException.ThrowIfNull(digits);
        var bytes = new byte[digits.Length / 2];
        for (int i = 0; i < bytes.Length; i++)
        {
            int hi = Digit(digits[2 * i]), lo = Digit(digits[2 * i + 1]);
            if (hi < 0 || lo < 0)
                return [];
            bytes[i] = (byte)(hi << 4 | lo);
        }
        return bytes;
    }

    private static int Digit(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };
}
