namespace Vigil.Core.Protocol;

/// <summary>
/// The 64-bit sequence number of an auth_hmac trailer, as keepalived 2.4.1+ writes it: UTC seconds (32 bits), the
/// sub-second part in 1/65536 s (16 bits) and a counter (16 bits) that only moves when two adverts would carry the
/// same timestamp. Compared with serial-number arithmetic (RFC 1982) so the wrap of the seconds is a non-event.
/// </summary>
public readonly record struct HmacSequence(ulong Value)
{
    public uint Seconds => (uint)(Value >> 32);

    public ushort Fraction => (ushort)(Value >> 16);

    public ushort Counter => (ushort)Value;

    /// <summary>The sequence a clock reading gives (counter 0). <paramref name="unixMicroseconds"/> is UTC.</summary>
    public static HmacSequence FromUnixMicroseconds(long unixMicroseconds)
    {
        long seconds = Math.DivRem(unixMicroseconds, 1_000_000, out long micros);
        if (micros < 0)
        {
            seconds--;
            micros += 1_000_000;
        }

        ulong fraction = (ulong)(micros * 65536 / 1_000_000);
        return new HmacSequence(((ulong)(uint)seconds << 32) | (fraction << 16));
    }

    /// <summary>True when this sequence comes after <paramref name="other"/> in serial-number order.</summary>
    public bool IsAfter(HmacSequence other) => (long)(Value - other.Value) > 0;

    /// <summary>Signed distance in seconds from <paramref name="other"/> (serial arithmetic on the 32-bit
    /// field).</summary>
    public int SecondsSince(HmacSequence other) => (int)(Seconds - other.Seconds);

    public HmacSequence Next() => new(Value + 1);

    public override string ToString() => $"{Seconds}.{Fraction:x4}.{Counter}";
}
