using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using MimeKit;
using SmtpServer;
using SmtpServer.Net;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace Vigil.Linux.Tests.Harness;

/// <summary>
/// A real SMTP server (the SmtpServer package) in the test process that keeps every message it receives. It listens
/// on a socket the test creates, on 127.0.0.1 or, through <see cref="NetNs"/>, inside a test namespace, on port 0
/// (the kernel picks a free one: <see cref="Port"/>).
/// </summary>
public sealed class MailSink : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _running;
    private readonly BlockingCollection<MimeMessage> _messages = [];

    public int Port { get; }

    /// <summary>Every message received so far, in order.</summary>
    public IReadOnlyList<MimeMessage> Messages => [.. _messages];

    public MailSink(string? netns = null, string address = "127.0.0.1")
    {
        var options = new SmtpServerOptionsBuilder()
            .ServerName("sink.example")
            .Endpoint(b => b.Endpoint(new IPEndPoint(IPAddress.Parse(address), 0)))
            .Build();
        var started = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var factory = new EndpointListenerFactory();
        factory.EndpointStarted += (_, e) => started.TrySetResult(((IPEndPoint)e.LocalEndPoint).Port);
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(new Store(_messages));
        services.Add(new InNamespace(factory, netns));
        _running = new SmtpServer.SmtpServer(options, services).StartAsync(_stop.Token);
        if (!started.Task.Wait(TimeSpan.FromSeconds(10)))
            throw new InvalidOperationException("the SMTP server did not start listening");
        Port = started.Task.Result;
    }

    /// <summary>Waits (generously) until <paramref name="count"/> messages have arrived; false if they did
    /// not.</summary>
    public bool WaitFor(int count, TimeSpan limit)
    {
        var end = DateTime.UtcNow + limit;
        while (_messages.Count < count)
        {
            if (DateTime.UtcNow > end)
                return false;
            Thread.Sleep(20);
        }
        return true;
    }

    public void Dispose()
    {
        _stop.Cancel();
        try
        {
            _running.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
        }
        _stop.Dispose();
    }

    private sealed class Store(BlockingCollection<MimeMessage> into) : MessageStore
    {
        public override Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction,
            ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            using var stream = new MemoryStream(buffer.ToArray());
            into.Add(MimeMessage.Load(stream, cancellationToken), cancellationToken);
            return Task.FromResult(SmtpResponse.Ok);
        }
    }

    /// <summary>Creates the listening socket on a thread inside the namespace, where it then stays.</summary>
    private sealed class InNamespace(EndpointListenerFactory inner, string? netns) : IEndpointListenerFactory
    {
        public IEndpointListener CreateListener(IEndpointDefinition endpointDefinition) => netns is null
            ? inner.CreateListener(endpointDefinition)
            : NetNs.Run(netns, () => inner.CreateListener(endpointDefinition));
    }
}
