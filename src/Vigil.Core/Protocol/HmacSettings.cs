using Org.BouncyCastle.Crypto.Macs;

namespace Vigil.Core.Protocol;

/// <summary>
/// An instance's auth_hmac configuration with its keys resolved to bytes (32 to 64 each, by id 1..255). Built once
/// per configuration; the key arrays are owned by this object.
/// </summary>
public sealed class HmacSettings : IDisposable
{
    private readonly byte[]?[] _keys = new byte[]?[256];

    // One keyed HMAC per key id, made on first use and reset by each hash: keying costs more than hashing an advert.
    private readonly HMac?[] _hashes = new HMac?[256];

    public HmacSettings(IEnumerable<KeyValuePair<byte, byte[]>> keys, byte activeKey, HmacMode mode,
        HmacAntiReplay antiReplay, int timeWindowSeconds)
    {
        ArgumentNullException.ThrowIfNull(keys);
        foreach (var (id, key) in keys)
        {
            _keys[id] = key;
        }

        ActiveKeyId = activeKey;
        Mode = mode;
        AntiReplay = antiReplay;
        TimeWindowSeconds = timeWindowSeconds;
    }

    public byte ActiveKeyId { get; }

    public HmacMode Mode { get; }

    public HmacAntiReplay AntiReplay { get; }

    public int TimeWindowSeconds { get; }

    /// <summary>Adverts are sent with a trailer (enforce and permissive) and an active key exists.</summary>
    public bool Signs => Mode != HmacMode.ReceiveOnly && _keys[ActiveKeyId] is not null;

    public bool HasKey(byte id) => _keys[id] is not null;

    public ReadOnlySpan<byte> Key(byte id) => _keys[id];

    public ReadOnlySpan<byte> ActiveKey => _keys[ActiveKeyId];

    /// <summary>The keyed HMAC-SHA256 for <paramref name="id"/> (null without that key), ready for a new message.
    /// Single-threaded use only, as the engine is.</summary>
    public HMac? Hash(byte id) => _keys[id] is { } key ? _hashes[id] ??= ManagedHmac.Sha256(key) : null;

    /// <summary>Drops the keyed hashes (a reload builds new settings).</summary>
    public void Dispose() => Array.Clear(_hashes);
}
