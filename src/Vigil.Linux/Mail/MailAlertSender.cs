using System.Threading.Channels;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;
using Vigil.Engine.Effects;

namespace Vigil.Linux.Mail;

/// <summary>
/// Sends mail alerts off the protocol loop: <see cref="Enqueue"/> never blocks (a bounded queue that drops the
/// oldest alert when full, counted), and one background task delivers them in order through MailKit, so a dead
/// or slow SMTP server costs the VRRP loop nothing. A failure is logged once when delivery starts failing and once
/// when it works again; in between failures are only counted (<see cref="Stats"/>), so a storm of transitions
/// against a dead server does not flood the log.
/// </summary>
public sealed class MailAlertSender : IAsyncDisposable
{
    public const int DefaultCapacity = 100;

    private sealed record Pending(MailSettings Settings, MailAlert Alert, DateTimeOffset At);

    private readonly Channel<Pending> _queue;
    private readonly Action<string> _warn;
    private readonly Action<string> _info;
    private readonly CancellationTokenSource _stop = new();
    private readonly HashSet<string> _badAddressesLogged = new(StringComparer.Ordinal);
    private readonly Task _worker;
    private long _sent;
    private long _failed;
    private long _dropped;
    private long _droppedReported;
    private long _failedSinceLogged;
    private bool _failing;
    private MailSettings? _connectedTo;

    /// <param name="warn">Failures (once per failing streak), overflow, recovery.</param>
    /// <param name="info">One line per delivered alert, as keepalived's "SMTP alert successfully sent".</param>
    public MailAlertSender(Action<string> warn, Action<string> info, int capacity = DefaultCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _warn = warn;
        _info = info;
        // The drop callback runs on the caller of Enqueue (the loop): count only; the worker logs it.
        _queue = Channel.CreateBounded<Pending>(
            new BoundedChannelOptions(capacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true },
            _ => Interlocked.Increment(ref _dropped));
        _worker = Task.Run(RunAsync);
    }

    public MailAlertStats Stats => new(Interlocked.Read(ref _sent), Interlocked.Read(ref _failed),
        Interlocked.Read(ref _dropped), _queue.Reader.Count);

    /// <summary>Queues one alert stamped with the time of the transition (its Date header). Never blocks.</summary>
    public void Enqueue(MailSettings settings, MailAlert alert)
    {
        if (!_queue.Writer.TryWrite(new Pending(settings, alert, DateTimeOffset.Now)))
            Interlocked.Increment(ref _dropped); // after shutdown began
    }

    private async Task RunAsync()
    {
        using var client = new SmtpClient();
        var reader = _queue.Reader;
        try
        {
            while (await reader.WaitToReadAsync(_stop.Token).ConfigureAwait(false))
            {
                while (reader.TryRead(out var pending))
                {
                    ReportDrops();
                    await SendAsync(client, pending).ConfigureAwait(false);
                }
                // Idle: close the session (keepalived opens one per alert; a burst shares one here).
                await DisconnectAsync(client, quit: true).ConfigureAwait(false);
            }
        }
        catch (Exception) when (_stop.IsCancellationRequested)
        {
            // Stopping: whatever the cancelled send threw (OperationCanceledException, or an I/O error from the
            // connection it cut) ends the worker quietly.
        }
    }

    private async Task SendAsync(SmtpClient client, Pending pending)
    {
        var s = pending.Settings;
        try
        {
            var message = Build(pending);
            if (client.IsConnected && _connectedTo != s)
                await DisconnectAsync(client, quit: true).ConfigureAwait(false);
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
            // smtp_connect_timeout bounds one alert's whole exchange (connect, greeting, commands). MailKit's own
            // per-read timeout is only a backstop, set later so the deadline is what fires.
            deadline.CancelAfter(s.ConnectTimeout);
            client.Timeout = (int)Math.Min(
                int.MaxValue,
                (s.ConnectTimeout + TimeSpan.FromSeconds(2)).TotalMilliseconds);
            if (!client.IsConnected)
            {
                client.LocalDomain = s.HeloName;
                // Plain SMTP as keepalived speaks it: no STARTTLS, no authentication.
                await client.ConnectAsync(
                    s.Server,
                    s.Port,
                    SecureSocketOptions.None,
                    deadline.Token).ConfigureAwait(false);
                _connectedTo = s;
            }
            await client.SendAsync(message, deadline.Token).ConfigureAwait(false);
            Interlocked.Increment(ref _sent);
            if (_failing)
            {
                _failing = false;
                _warn($"Mail alerts are delivered again through {s.Endpoint} ({_failedSinceLogged} failed meanwhile)");
            }
            _info($"SMTP alert successfully sent: {pending.Alert.Subject}");
        }
        catch (Exception e) when (!_stop.IsCancellationRequested)
        {
            Interlocked.Increment(ref _failed);
            await DisconnectAsync(client, quit: false).ConfigureAwait(false);
            if (_failing)
            {
                _failedSinceLogged++;
                return;
            }
            _failing = true;
            _failedSinceLogged = 1;
            var why = e is OperationCanceledException or TimeoutException || e.InnerException is TimeoutException
                ? $"no answer within smtp_connect_timeout ({s.ConnectTimeout.TotalSeconds:0} s)"
                : e.Message;
            _warn(
                $"Cannot send mail alert through {s.Endpoint}: {why}; further failures are only counted " +
                $"(vigil_mail_alerts_total{{result=\"failed\"}}) until one is delivered");
        }
    }

    private MimeMessage Build(Pending pending)
    {
        var s = pending.Settings;
        var message = new MimeMessage();
        message.From.Add(
            Address(s.From, "notification_email_from")
                ?? throw new FormatException($"notification_email_from '{s.From}' is not a mail address"));
        foreach (var to in s.To)
        {
            if (Address(to, "notification_email") is { } address)
                message.To.Add(address);
        }
        if (message.To.Count == 0)
            throw new FormatException("no notification_email address is a valid mail address");
        message.Date = pending.At;
        message.Subject = pending.Alert.Subject;
        message.Headers.Add("X-Mailer", "Keepalived");
        message.Body = new TextPart("plain") { Text = pending.Alert.Body + "\n" };
        return message;
    }

    private MailboxAddress? Address(string text, string keyword)
    {
        if (MailboxAddress.TryParse(text, out var address))
            return address;
        if (_badAddressesLogged.Add(text))
            _warn($"{keyword} '{text}' is not a mail address; left out of mail alerts");
        return null;
    }

    private async Task DisconnectAsync(SmtpClient client, bool quit)
    {
        _connectedTo = null;
        if (!client.IsConnected)
            return;
        try
        {
            using var bounded = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
            bounded.CancelAfter(TimeSpan.FromSeconds(5));
            await client.DisconnectAsync(quit, bounded.Token).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // A half-dead session is simply dropped; the next alert connects anew. Whatever the failure, the worker
            // must live on, or no later alert would ever be sent.
        }
    }

    private void ReportDrops()
    {
        var dropped = Interlocked.Read(ref _dropped);
        if (dropped == _droppedReported)
            return;
        _warn($"Mail alert queue full: {dropped - _droppedReported} oldest alert(s) dropped ({dropped} in all)");
        _droppedReported = dropped;
    }

    /// <summary>Stops at once: the alert being sent is abandoned and queued ones are counted as dropped.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _worker.WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
        }
        while (_queue.Reader.TryRead(out _))
            Interlocked.Increment(ref _dropped);
        _stop.Dispose();
    }
}
