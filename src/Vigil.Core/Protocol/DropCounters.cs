using System.Collections.ObjectModel;

namespace Vigil.Core.Protocol;

/// <summary>One counter per <see cref="DropReason"/> (per instance, or per socket for packets no instance
/// claims). Counting allocates nothing.</summary>
public sealed class DropCounters
{
    // Made on the first drop: most instances never drop anything, and thousands of arrays of zeros added up.
    private long[] _counts = [];

    public long this[DropReason reason] => (uint)reason < (uint)_counts.Length ? _counts[(int)reason] : 0;

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
        if (reason != DropReason.None && (uint)reason < (uint)Counts.Length)
        {
            _counts[(int)reason]++;
        }
    }

    /// <summary>Counts the notes of an accepted advert that have a counter (a VIP list mismatch).</summary>
    public void Count(AdvertNotes notes)
    {
        if ((notes & AdvertNotes.AddressListMismatch) != 0)
        {
            Counts[(int)DropReason.AddressList]++;
        }
    }

    /// <summary>The counters seen at least once, by metric name. An instance that never dropped anything (most of
    /// them) shares one empty map: a status snapshot of 4,000 instances built 4,000 maps of twenty zeros, 1 KB
    /// each, on every scrape.</summary>
    public IReadOnlyDictionary<string, long> Snapshot()
    {
        Dictionary<string, long>? seen = null;
        for (var i = 1; i < _counts.Length; i++)
        {
            if (_counts[i] != 0)
                (seen ??= [])[((DropReason)i).MetricName()] = _counts[i];
        }
        return seen is null ? ReadOnlyDictionary<string, long>.Empty : seen;
    }

    private long[] Counts => _counts.Length > 0 ? _counts : _counts = new long[DropReasonNames.All.Length + 1];
}
