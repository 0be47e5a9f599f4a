using Vigil.Core.Primitives;
using EngineLogLevel = Vigil.Engine.Effects.EngineLogLevel;

namespace Vigil.Daemon;

public sealed partial class VigilDaemon
{
    /// <summary>How long after start-up (or a reload) the settled collection is due: past Master_Down_Interval at the
    /// usual advert intervals and past the gratuitous-ARP repeat 5 s after becoming MASTER.</summary>
    private const long SettleMicroseconds = 20_000_000;

    /// <summary>How long after a client's request (a scrape, a status query, a dump) or another one-off event the
    /// binary's pages are handed back again: what only a first request runs (types built, statics set, the rest of
    /// the cold code it needs) is mapped back by it and would otherwise stay resident for good.</summary>
    private const long TrimMicroseconds = 20_000_000;

    private MonotonicTime _settleCollectionAt = MonotonicTime.Never;
    private MonotonicTime _trimAt = MonotonicTime.Never;

    /// <summary>The binary's own read-only mappings, from the settled collection's plan. Only these are advised
    /// again later: they stay where they are for the life of the process, where a library's could be unmapped and
    /// the address reused (and advising writable memory would throw its contents away).</summary>
    private List<Linux.Memory.ImagePages.Mapping> _binaryMappings = [];

    private void ScheduleSettledCollection(MonotonicTime now) =>
        _settleCollectionAt = now.AddMicroseconds(SettleMicroseconds);

    private MonotonicTime MemoryWake(MonotonicTime now) =>
        MonotonicTime.Min(SettleGate.Wake(now, _settleCollectionAt), SettleGate.Wake(now, _trimAt));

    /// <summary>After anything the loop runs for others (<see cref="DriverInput.Invoke"/>: a client's request, and
    /// one-off events such as a route deleted behind its back or a reload finished) and after a VIP is added or
    /// removed (an instance entered or left MASTER), once start-up has settled (a pending settled collection advises
    /// everything anyway); one trim at a time, so a scraper every 15 s costs one advice per 20 s at most.</summary>
    private void ScheduleImageTrim()
    {
        // The clock is read only when a trim is scheduled: a failover at 4,000 instances calls this per VIP.
        if (_trimAt == MonotonicTime.Never && _settleCollectionAt == MonotonicTime.Never && _binaryMappings.Count > 0)
            _trimAt = MonotonicClock.Now().AddMicroseconds(TrimMicroseconds);
    }

    /// <summary>Hands the binary's pages back to the page cache again, in a gap between timer rounds like the settled
    /// collection but without a collection: no pause, and what the loop still runs is mapped back by minor faults
    /// (about 20 of them for the settled loop's code, the kernel mapping 64 KB around each).</summary>
    private void TrimImagePages(MonotonicTime now)
    {
        if (!SettleGate.ShouldCollect(now, _trimAt, _engine.NextDeadline))
            return;
        _trimAt = MonotonicTime.Never;
        Linux.Memory.ImagePages.Release(_binaryMappings);
    }

    /// <summary>The first transitions after start-up (or a reload) allocate (addresses, announcements, log lines)
    /// after the start-up collection, and a daemon whose adverts allocate nothing never collects again: the GC
    /// regions that garbage filled stay committed and resident. One more aggressive collection once things have
    /// settled hands them back, in a gap between timer rounds (<see cref="SettleGate"/>), and the pages of the binary
    /// that only start-up used leave the resident set (<see cref="Linux.Memory.ImagePages"/>).</summary>
    private void CollectSettledGarbage(MonotonicTime now)
    {
        if (!SettleGate.ShouldCollect(now, _settleCollectionAt, _engine.NextDeadline))
            return;
        var waited = now.Microseconds - _settleCollectionAt.Microseconds;
        _settleCollectionAt = MonotonicTime.Never;
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        long residentBefore = _log.Detail ? Environment.WorkingSet : 0;
        // The binary's pages that only start-up needed go back to the page cache too (Vigil.Linux.Memory). The list
        // of mappings is read first, so the collection also takes the text of /proc/self/smaps (large enough for
        // the large-object heap, which only a full collection empties); the advice comes after the collection, so
        // the collection's own code does not come straight back.
        var mappings = Linux.Memory.ImagePages.Plan();
        _binaryMappings = Linux.Memory.ImagePages.OfExecutable(mappings);
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        // The collection hands what start-up left undisposed to the finalizer thread (the runtime's and the
        // libraries' handles: Vigil declares no finalizer, so none waits for this loop). Run after the advice, their
        // code would be mapped back at once, each page with the 64 KB of cached neighbours the kernel maps around a
        // fault; so they run first.
        GC.WaitForPendingFinalizers();
        long advised = Linux.Memory.ImagePages.Release(mappings);
        // For the same reason nothing runs after the advice unless -D asked for the figures: formatting the line
        // below brought back about 0.4 MB of code the settled loop never runs (bench/README.md, "Code layout").
        if (!_log.Detail)
            return;
        var elapsed = System.Diagnostics.Stopwatch.GetElapsedTime(started);
        _log.Write(
            EngineLogLevel.Debug,
            $"Settled garbage released in {elapsed.TotalMilliseconds:F1} ms (managed " +
            $"heap {GC.GetGCMemoryInfo().HeapSizeBytes / 1024} KiB, after {waited / 1000} ms waiting " +
            $"for a gap between timers; {advised / 1024} KiB of read-only file mappings returned to the page " +
            $"cache; resident {residentBefore / 1024} -> {Environment.WorkingSet / 1024} KiB)");
    }
}
