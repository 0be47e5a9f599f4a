using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Macs;
using Org.BouncyCastle.Crypto.Parameters;

namespace Vigil.Core.Protocol;

/// <summary>
/// Keyed HMAC-MD5 (AH's ICV) and HMAC-SHA256 (auth_hmac's tag) computed in managed code by BouncyCastle instead of
/// .NET's own classes: on Linux those call OpenSSL, and the first AH or auth_hmac advert then loads libcrypto and
/// initialises it, about 2 MB more in every daemon that uses either (bench/README.md, "Managed HMAC"). A keyed
/// <see cref="HMac"/> is reusable: <see cref="Compute"/> leaves it ready for the next message, so callers keep one
/// per key and hashing an advert allocates nothing.
/// </summary>
public static class ManagedHmac
{
    public const int Md5Length = 16;

    public const int Sha256Length = 32;

    public static HMac Md5(ReadOnlySpan<byte> key) => Keyed(new HMac(new MD5Digest()), key);

    public static HMac Sha256(ReadOnlySpan<byte> key) => Keyed(new HMac(new Sha256Digest()), key);

    /// <summary>The HMAC of <paramref name="data"/> into <paramref name="mac"/> (at least the digest's length);
    /// the keyed state is restored for the next message.</summary>
    public static void Compute(HMac hmac, ReadOnlySpan<byte> data, Span<byte> mac)
    {
        ArgumentNullException.ThrowIfNull(hmac);
        hmac.BlockUpdate(data);
        hmac.DoFinal(mac);
    }

    private static HMac Keyed(HMac hmac, ReadOnlySpan<byte> key)
    {
        hmac.Init(new KeyParameter(key));
        return hmac;
    }
}
