using System.Globalization;

namespace Vigil.Core.Primitives;

/// <summary>
/// A VRRP virtual router id, 1..255. Constructing one from a number checks the range and throws
/// <see cref="ArgumentOutOfRangeException"/> for anything else, so configuration errors surface where the number
/// enters. A received advert's field is taken as it is (<see cref="FromWire"/>, no throw on the receive path):
/// a VRID of 0 there is invalid, matches no instance and is dropped as a VRID mismatch. <c>default</c> is that same
/// invalid 0 ("not set").
/// </summary>
public readonly record struct VrId
{
    public const byte MinValue = 1;

    public const byte MaxValue = 255;

    public VrId(int value)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(value, MinValue);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(value, MaxValue);
        Value = (byte)value;
    }

    // Unchecked; reached only through FromWire (outside callers see just the checked int constructor).
    private VrId(byte value) => Value = value;

    /// <summary>The id as carried in the advert's second byte.</summary>
    public byte Value { get; }

    /// <summary>False only for 0 (a received advert's or <c>default</c>).</summary>
    public bool IsValid => Value != 0;

    /// <summary>The field of a received advert, unchecked: decoding never throws.</summary>
    public static VrId FromWire(byte value) => new(value);

    /// <summary>The plain number, as logs, dumps and JSON have always shown it.</summary>
    public override string ToString() => Value.ToString(CultureInfo.InvariantCulture);
}
