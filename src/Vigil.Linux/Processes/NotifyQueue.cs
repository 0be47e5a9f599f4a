namespace Vigil.Linux.Processes;

/// <summary>
/// Runs notify scripts one at a time per key (an instance or a group), in the order they were queued, so a
/// slow script can never see states out of order (keepalived forks them all at once). Different keys run
/// in parallel. Each run is bounded by <see cref="Timeout"/> so one hung script cannot stall its queue forever.
/// </summary>
public sealed class NotifyQueue
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Task> _tails = [];
    private int _pending;

    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Called after every run (on a pool thread) with the key, the id given to Enqueue and the
    /// outcome.</summary>
    public Action<string, long, ScriptRunResult>? Completed { get; init; }

    public int Pending => Volatile.Read(ref _pending);

    public void Enqueue(string key, ScriptLaunch command, long id = 0)
    {
        lock (_lock)
        {
            Interlocked.Increment(ref _pending);
            var tail = _tails.TryGetValue(key, out var t) ? t : Task.CompletedTask;
            _tails[key] = tail.ContinueWith(async _ =>
            {
                try
                {
                    var outcome = await ScriptRunner.RunAsync(command, Timeout).ConfigureAwait(false);
                    Completed?.Invoke(key, id, outcome);
                }
                finally
                {
                    Interlocked.Decrement(ref _pending);
                }
            }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default).Unwrap();
        }
    }

    /// <summary>Waits until everything queued so far has run (used at shutdown for notify_stop).</summary>
    public Task DrainAsync(TimeSpan limit)
    {
        Task[] tails;
        lock (_lock)
            tails = [.. _tails.Values];
        return Task.WhenAll(tails).WaitAsync(limit).ContinueWith(_ => { }, TaskScheduler.Default);
    }
}
