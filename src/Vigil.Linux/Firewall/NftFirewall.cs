using System.Net;
using Vigil.Linux.Processes;

namespace Vigil.Linux.Firewall;

/// <summary>
/// no_accept's drop sets, written with the nft tool (see docs/firewall.md for why not a netlink writer). The loop only
/// records the wanted state and returns; one background writer at a time renders it as one nft transaction and runs
/// nft through the script spawner. Changes made while a write runs are merged into the next one, so a burst of
/// transitions costs at most two runs. The first write after a configuration change (or a failure) rebuilds the
/// tables from nothing, which also empties whatever a killed earlier run left in them; later writes only replace
/// the set elements.
/// </summary>
public sealed class NftFirewall
{
    private static readonly TimeSpan RunLimit = TimeSpan.FromSeconds(5);
    private readonly object _gate = new();
    private readonly Action<string> _warn;
    private readonly Func<string, Task<string?>> _run;
    private readonly Dictionary<string, IReadOnlyList<IPAddress>> _drops = new(StringComparer.Ordinal);
    private readonly HashSet<string> _staleNames = new(StringComparer.Ordinal);
    private NftSettings? _wanted;
    private bool _rebuild = true;
    private bool _dirty;
    private bool _running;
    private NftStatus _status = NftStatus.Empty;

    /// <param name="warn">Told of a failed write (on a pool thread).</param>
    /// <param name="run">Runs one nft text and returns null or why it failed; the default runs the nft tool.</param>
    public NftFirewall(Action<string> warn, Func<string, Task<string?>>? run = null)
    {
        _warn = warn;
        _run = run ?? RunNft;
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

    public void SetDrops(string instance, IReadOnlyList<IPAddress> addresses)
    {
        lock (_gate)
        {
            if (addresses.Count == 0)
                _drops.Remove(instance);
            else
                _drops[instance] = addresses;
            if (_wanted is not null)
                MarkDirty();
        }
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

    private void MarkDirty()
    {
        _dirty = true;
        if (_running)
            return;
        _running = true;
        ThreadPool.UnsafeQueueUserWorkItem(static self => _ = self.WriteAsync(), this, preferLocal: false);
    }

    private async Task WriteAsync()
    {
        while (true)
        {
            string text;
            NftSettings settings;
            IPAddress[] elements;
            bool rebuild;
            lock (_gate)
            {
                if (!_dirty || _wanted is null)
                {
                    _running = false;
                    Monitor.PulseAll(_gate);
                    return;
                }
                settings = _wanted;
                elements = [.. _drops.Values.SelectMany(a => a).Distinct()];
                rebuild = _rebuild;
                text = rebuild ? NftScript.Rebuild(_staleNames, settings, elements) : NftScript.Update(settings, elements);
                _rebuild = false;
                _dirty = false;
            }
            // Nothing to write (no table, nothing to delete): an empty command is not run.
            var error = text.Length == 0 ? null : await _run(text).ConfigureAwait(false);
            lock (_gate)
            {
                if (error is null)
                {
                    if (rebuild)
                        _staleNames.Clear();
                    bool any = settings.IPv4 || settings.IPv6;
                    _status = _status with
                    {
                        Table = any ? settings.Table : null,
                        IPv4 = settings.IPv4,
                        IPv6 = settings.IPv6,
                        Dropped = any ? [.. elements.Where(a => settings.IPv4 && a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork
                            || settings.IPv6 && a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6).Select(a => a.ToString()).Order(StringComparer.Ordinal)] : [],
                        Writes = _status.Writes + 1,
                    };
                }
                else
                {
                    // The next change rebuilds from nothing rather than patching tables in an unknown state.
                    _rebuild = true;
                    _status = _status with { Failures = _status.Failures + 1, LastError = error, Writes = _status.Writes + 1 };
                }
            }
            if (error is not null)
                _warn($"nftables: cannot update table {settings.Table}: {error}");
        }
    }

    private static async Task<string?> RunNft(string text)
    {
        var nft = ExecutablePath.Resolve("nft", static () => ExecutablePath.DefaultPath);
        if (nft is null)
            return "the nft tool is not installed";
        // nft reads its arguments as one command buffer: one transaction, as `nft -f` would apply it.
        var outcome = await ScriptRunner.RunAsync(new ScriptLaunch([nft, text]), RunLimit).ConfigureAwait(false);
        return outcome.Succeeded ? null : $"nft {outcome.Describe()}";
    }
}
