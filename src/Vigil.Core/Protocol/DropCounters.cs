namespace Vigil.Core.Protocol;

/// <summary>One counter per <see cref="DropReason"/> (per instance, or per socket for packets no instance
/// claims). Counting allocates nothing.</summary>
public sealed class DropCounters
{
    private readonly long[] _counts = new long[DropReasonNames.All.Length + 1];

    public long this[DropReason reason] => _counts[(int)reason];

    /// <summary>The sum over every reason except <see cref="DropReason.AddressList"/> (those adverts were
    /// accepted).</summary>
    public long TotalDropped
    {
        get
        {
            long sum = 0;
            for (int i = 1; i < _counts.Length; i++)
            {
                sum += i == (int)DropReason.AddressList ? 0 : _counts[i];
            }

            return sum;
        }
    }

    /// <summary>Counts one packet for <paramref name="reason"/>; <see cref="DropReason.None"/> is ignored.</summary>
    public void Count(DropReason reason)
    {
        if (reason != DropReason.None && (uint)reason < (uint)_counts.Length)
        {
            _counts[(int)reason]++;
        }
    }

    /// <summary>Counts the notes of an accepted advert that have a counter (a VIP list mismatch).</summary>
    public void Count(AdvertNotes notes)
    {
        if ((notes & AdvertNotes.AddressListMismatch) != 0)
        {
            _counts[(int)DropReason.AddressList]++;
        }
    }

    /// <summary>Every counter by metric name, zeros included, in a stable order.</summary>
    public IEnumerable<KeyValuePair<string, long>> Snapshot() =>
        DropReasonNames.All.Select(r => KeyValuePair.Create(r.MetricName(), _counts[(int)r]));
}
