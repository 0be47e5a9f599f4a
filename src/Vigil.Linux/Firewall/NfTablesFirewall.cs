using System.Net;
using Vigil.Linux.Native;

namespace Vigil.Linux.Firewall;

/// <summary>
/// no_accept's drop sets, written straight to nf_tables over netlink (see docs/firewall.md). The loop only records
/// the wanted state and returns; one background writer at a time sends it as one batch (one transaction). Changes
/// made while a write runs are merged into the next one. The first write after a configuration change (or a failure)
/// rebuilds the tables with empty sets, which also empties whatever a killed earlier run left in them; the engine
/// asks for it at start-up, so a MASTER entry only adds elements. Later writes add and delete only the elements that
/// changed. A failure is reported once until a write succeeds again.
/// An element change while no write runs is sent on the caller's thread: nf_tables handles a batch inside the send
/// call, so a one-element batch costs tens of microseconds, less than waking a pool thread on a loaded host, and it
/// is in force when the loop goes on to add the VIPs. Rebuilds (larger, at configuration time) stay in the background.
/// </summary>
public sealed class NfTablesFirewall
{
    private readonly object _gate = new();
    private readonly Action<string> _warn;
    private readonly Action<string>? _recovered;
    private readonly Func<NfTablesBatch, string?> _send;
    private readonly Func<string, int> _interfaceIndex;
    private readonly Dictionary<string, IReadOnlyList<IPAddress>> _drops = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IReadOnlyList<(IPAddress, string)>> _linkLocal = new(StringComparer.Ordinal);
    private readonly HashSet<string> _staleNames = new(StringComparer.Ordinal);
    private HashSet<NfTablesElement> _written = [];
    private NftSettings? _wanted;
    private bool _rebuild = true;
    private bool _dirty;
    private bool _running;
    private uint _seq = 1;
    private string? _lastWarning;
    private string? _lastMissing;
    private NftStatus _status = NftStatus.Empty;

    /// <param name="warn">Told of a failed write (on a pool thread), once until a write succeeds again.</param>
    /// <param name="recovered">Told when a write succeeds after failures.</param>
    /// <param name="send">Sends one batch and returns null or why it failed; the default is a netlink socket.</param>
    /// <param name="interfaceIndex">An interface's index, 0 if none; the default asks the kernel.</param>
    public NfTablesFirewall(
        Action<string> warn,
        Action<string>? recovered = null,
        Func<NfTablesBatch, string?>? send = null,
        Func<string, int>? interfaceIndex = null)
    {
        _warn = warn;
        _recovered = recovered;
        _send = send ?? new NfTablesSocket().Send;
        _interfaceIndex = interfaceIndex ?? (static name => (int)Libc.if_nametoindex(name));
    }

    /// <summary>What the tables hold and how the writes went (any thread).</summary>
    public NftStatus Status
    {
        get
        {
            lock (_gate)
                return _status with { Pending = _dirty || _running };
        }
    }

    public void Configure(NftSettings settings)
    {
        lock (_gate)
        {
            if (_wanted is not null && _wanted.Table != settings.Table)
                _staleNames.Add(_wanted.Table);
            _wanted = settings;
            _rebuild = true;
            MarkDirty();
        }
    }

    /// <summary>Encodes (without sending) an element change once, after a rebuild, so the first MASTER entry runs
    /// code that is already compiled.</summary>
    private static void Rehearse(NftSettings settings)
    {
        var batch = new NfTablesBatch(0);
        var wanted = NfTablesLayout.Elements(settings, [IPAddress.Parse("192.0.2.1"), IPAddress.Parse("2001:db8::1")],
            [(IPAddress.Parse("fe80::1"), "lo")], static _ => 1, []);
        HashSet<NfTablesElement> before = [];
        NfTablesLayout.Change(batch, settings.Table, before.Except(wanted), wanted.Except(before));
        NfTablesLayout.Change(batch, settings.Table, wanted.Except(before), before.Except(wanted));
        _ = batch.ToArray();
    }

    /// <summary>The addresses one instance wants dropped, and its IPv6 link-local ones with their interface.</summary>
    public void SetDrops(
        string instance,
        IReadOnlyList<IPAddress> addresses,
        IReadOnlyList<(IPAddress Address, string Interface)>? linkLocal = null)
    {
        bool now = false;
        lock (_gate)
        {
            if (addresses.Count == 0)
                _drops.Remove(instance);
            else
                _drops[instance] = addresses;
            if (linkLocal is not { Count: > 0 })
                _linkLocal.Remove(instance);
            else
                _linkLocal[instance] = linkLocal;
            if (_wanted is not null)
                now = MarkDirty(inline: !_rebuild);
        }
        if (now)
            Write();
    }

    /// <summary>Waits until the last change is written, at most <paramref name="limit"/> (the daemon's stop path,
    /// before it ends the children). True when nothing is left to write.</summary>
    public bool WaitIdle(TimeSpan limit)
    {
        var end = DateTime.UtcNow + limit;
        lock (_gate)
        {
            while (_dirty || _running)
            {
                var left = end - DateTime.UtcNow;
                if (left <= TimeSpan.Zero || !Monitor.Wait(_gate, left))
                    return !(_dirty || _running);
            }
            return true;
        }
    }

    /// <summary>Marks the state unwritten; true when the caller is to write it now (inline and no write runs), else a
    /// running writer takes it or a pool thread is started.</summary>
    private bool MarkDirty(bool inline = false)
    {
        _dirty = true;
        if (_running)
            return false;
        _running = true;
        if (inline)
            return true;
        ThreadPool.UnsafeQueueUserWorkItem(static self => self.Write(), this, preferLocal: false);
        return false;
    }

    private void Write()
    {
        while (true)
        {
            NftSettings settings;
            IPAddress[] addresses;
            (IPAddress, string)[] linkLocal;
            bool rebuild;
            HashSet<string> stale;
            HashSet<NfTablesElement> before;
            lock (_gate)
            {
                if (!_dirty || _wanted is null)
                {
                    _running = false;
                    Monitor.PulseAll(_gate);
                    return;
                }
                settings = _wanted;
                addresses = [.. _drops.Values.SelectMany(a => a).Distinct()];
                linkLocal = [.. _linkLocal.Values.SelectMany(a => a).Distinct()];
                rebuild = _rebuild;
                stale = [.. _staleNames];
                before = _written;
                _rebuild = false;
                _dirty = false;
            }
            var (error, wanted, missing) = WriteOnce(settings, addresses, linkLocal, rebuild, stale, before);
            string? warning = null, recovered = null;
            lock (_gate)
            {
                if (error is null)
                {
                    _written = wanted;
                    if (rebuild)
                        _staleNames.ExceptWith(stale);
                    bool any = settings.IPv4 || settings.IPv6;
                    if (_status.Failures > 0 && _lastWarning is not null)
                    {
                        recovered = $"nftables: table {settings.Table} written again after {_status.Failures} failed " +
                            $"write(s) in all";
                    }

                    _lastWarning = null;
                    _status = _status with
                    {
                        Table = any ? settings.Table : null,
                        IPv4 = settings.IPv4,
                        IPv6 = settings.IPv6,
                        Dropped = [.. wanted.Select(
                            e => e.Set == NfTablesLayout.LinkLocalVips
                                ? LinkLocalText(e)
                                : e.Text).Order(StringComparer.Ordinal)],
                        Writes = _status.Writes + 1,
                    };
                }
                else
                {
                    // The next change rebuilds from nothing rather than patching tables in an unknown state.
                    _rebuild = true;
                    _status = _status with
                    {
                        Failures = _status.Failures + 1,
                        LastError = error,
                        Writes = _status.Writes + 1
                    };
                    warning = $"nftables: cannot update table {settings.Table}: {error}";
                    if (warning == _lastWarning)
                        warning = null;
                    else
                        _lastWarning = warning;
                }
            }
            var absent = missing.Count == 0 ? null : string.Join(", ", missing);
            if (absent is not null && absent != _lastMissing)
                _warn($"nftables: link-local VIPs on interfaces that do not exist are not dropped: {absent}");
            _lastMissing = absent;
            if (warning is not null)
                _warn(warning);
            if (recovered is not null)
                _recovered?.Invoke(recovered);
        }
    }

    private (string? Error, HashSet<NfTablesElement> Wanted, List<string> Missing) WriteOnce(
        NftSettings settings,
        IPAddress[] addresses,
        (IPAddress, string)[] linkLocal,
        bool rebuild,
        HashSet<string> stale,
        HashSet<NfTablesElement> before)
    {
        var missing = new List<string>();
        var wanted = NfTablesLayout.Elements(settings, addresses, linkLocal, _interfaceIndex, missing);
        var batch = new NfTablesBatch(_seq);
        if (rebuild)
        {
            NfTablesLayout.Rebuild(batch, stale, settings);
            NfTablesLayout.Change(batch, settings.Table, [], wanted);
        }
        else
        {
            NfTablesLayout.Change(batch, settings.Table, before.Except(wanted), wanted.Except(before));
        }
        _seq += (uint)batch.Count + 2;
        // Nothing to write (no table, nothing to delete): an empty batch is not sent.
        var error = batch.Count == 0 ? null : Send(batch);
        if (rebuild && error is null)
            Rehearse(settings);
        return (error, wanted, missing);
    }

    private string? Send(NfTablesBatch batch)
    {
        try
        {
            return _send(batch);
        }
        catch (Exception e) when (e is IOException
            or UnauthorizedAccessException
            or ObjectDisposedException
            or InvalidOperationException)
        {
            return e.Message;
        }
    }

    /// <summary>"fe80::100 . "d0"" as "fe80::100%d0", the engine's way of writing a link-local drop.</summary>
    private static string LinkLocalText(NfTablesElement e) =>
        e.Text.Replace(" . \"", "%", StringComparison.Ordinal).TrimEnd('"');
}
