using System.Net.Sockets;

namespace Vigil.Operations;

/// <summary>
/// The live connections of one listener (control socket or metrics endpoint), in arrival order, at most
/// <c>capacity</c> of them. When a new connection arrives at a full pool, the oldest one that is still waiting for
/// its request is shed (cancelled and closed) to make room: a client that connects and says nothing, or trickles
/// bytes, can hold a slot only until someone needs it. A connection whose request has been read is being answered
/// and is never shed; only when every slot is answering is the newcomer refused. Without this, a few idle
/// connections held open starved the endpoint (each sat in its slot until its read deadline).
/// </summary>
public sealed class ConnectionPool(int capacity)
{
    private readonly object _gate = new();
    private readonly LinkedList<PooledConnection> _live = new();

    public int Capacity { get; } = capacity > 0 ? capacity : throw new ArgumentOutOfRangeException(nameof(capacity));

    /// <summary>Connections closed to make room for a newer one.</summary>
    public long Shed { get; private set; }

    /// <summary>Connections closed at once because every slot was answering a request.</summary>
    public long Refused { get; private set; }

    public int Count
    {
        get
        {
            lock (_gate)
                return _live.Count;
        }
    }

    /// <summary>Takes <paramref name="socket"/> into the pool, shedding the oldest waiting connection when full;
    /// null (and the socket closed) when every slot is answering.</summary>
    public PooledConnection? Admit(Socket socket, CancellationToken stop)
    {
        lock (_gate)
        {
            if (_live.Count >= Capacity)
            {
                var victim = _live.First;
                while (victim is not null && victim.Value.Answering)
                    victim = victim.Next;
                if (victim is null)
                {
                    Refused++;
                    socket.Dispose();
                    return null;
                }
                _live.Remove(victim);
                victim.Value.Abort();
                Shed++;
            }
            var connection = new PooledConnection(this, socket, stop);
            connection.Node = _live.AddLast(connection);
            return connection;
        }
    }

    internal void MarkAnswering(PooledConnection connection)
    {
        lock (_gate)
            connection.Answering = true;
    }

    /// <summary>Removes the connection if it is still listed; true when it was (it was not shed).</summary>
    internal bool Release(PooledConnection connection)
    {
        lock (_gate)
        {
            if (connection.Node?.List is null)
                return false;
            _live.Remove(connection.Node);
            return true;
        }
    }
}

/// <summary>One admitted connection: its socket and a token that is cancelled when the connection is shed, the
/// listener stops, or <see cref="Dispose"/> runs.</summary>
public sealed class PooledConnection : IDisposable
{
    private readonly ConnectionPool _pool;
    private readonly CancellationTokenSource _cancel;

    internal PooledConnection(ConnectionPool pool, Socket socket, CancellationToken stop)
    {
        _pool = pool;
        Socket = socket;
        _cancel = CancellationTokenSource.CreateLinkedTokenSource(stop);
    }

    public Socket Socket { get; }

    /// <summary>Cancelled when the pool sheds this connection or the listener stops.</summary>
    public CancellationToken Token => _cancel.Token;

    internal LinkedListNode<PooledConnection>? Node { get; set; }

    internal bool Answering { get; set; }

    /// <summary>The request has been read: from now on the connection is answered, never shed.</summary>
    public void MarkAnswering() => _pool.MarkAnswering(this);

    // Called under the pool's lock, only while the connection is listed, so never after Dispose.
    internal void Abort()
    {
        _cancel.Cancel();
        Socket.Dispose();
    }

    public void Dispose()
    {
        _pool.Release(this);
        _cancel.Dispose();
        Socket.Dispose();
    }
}
