using System.Buffers;
using System.Globalization;
using System.Text;

namespace Vigil.Operations.Metrics;

/// <summary>
/// Exposition text written as UTF-8 straight into pooled 64 KB chunks and sent from them. A whole page is about
/// 2.8 KB per instance (11.4 MB at 4,000), so the metrics server does not keep one: it sends what the page holds
/// once it has grown past <see cref="FlushBytes"/> and clears it (<see cref="Clear"/>), and the page is written on
/// into the same few chunks (bench/footprint/scrape.sh). Each append is encoded whole into one chunk, so a chunk
/// never ends inside a UTF-8 sequence and every chunk can be sent or decoded on its own. Dispose the page once it
/// is sent: its chunks go back to the pool.
/// </summary>
public sealed class MetricsPage : IDisposable
{
    private const int ChunkSize = 64 * 1024;

    /// <summary>What the metrics server lets a page hold before sending it: two chunks.</summary>
    public const int FlushBytes = 2 * ChunkSize;

    // The longest piece encoded in one go: three bytes per UTF-16 unit at most, so it always fits an empty chunk.
    private const int MaxPieceChars = 4096;

    // A private pool: a streamed page holds about three chunks, and a few scrapes may be rendered at once
    // (MetricsHttpServer.MaxConcurrentConnections). Only chunks given back are kept, so the pool holds what the
    // busiest moment needed, never more than 32 chunks (2 MB).
    private static readonly ArrayPool<byte> Chunks = ArrayPool<byte>.Create(ChunkSize, 32);

    private readonly List<byte[]> _chunks = [];
    // Bytes left unused at the end of each full chunk, when an append did not fit and moved to a new one.
    private readonly List<int> _spare = [];
    private int _used = ChunkSize;

    /// <summary>The page's length in bytes, as Content-Length gives it.</summary>
    public long Length { get; private set; }

    public static MetricsPage FromText(string text)
    {
        var page = new MetricsPage();
        page.Append(text);
        return page;
    }

    /// <summary>The filled part of each chunk, in order.</summary>
    public IEnumerable<ReadOnlyMemory<byte>> Segments()
    {
        for (var i = 0; i < _chunks.Count; i++)
            yield return _chunks[i].AsMemory(0, i == _chunks.Count - 1 ? _used : ChunkSize - Spare(i));
    }

    public MetricsPage Append(string text) => Append(text.AsSpan());

    public MetricsPage Append(ReadOnlySpan<char> text)
    {
        while (text.Length > 0)
        {
            var take = Math.Min(text.Length, MaxPieceChars);
            // Never cut a surrogate pair in two: each piece is encoded on its own.
            if (take < text.Length && char.IsHighSurrogate(text[take - 1]))
                take--;
            var piece = text[..take];
            var room = Room(Encoding.UTF8.GetMaxByteCount(piece.Length));
            Advance(Encoding.UTF8.GetBytes(piece, room));
            text = text[take..];
        }
        return this;
    }

    /// <summary>An ASCII character (the format's punctuation); other text goes through <see cref="Append(string)"/>.
    /// </summary>
    public MetricsPage Append(char ascii)
    {
        if (ascii > 0x7F)
            throw new ArgumentOutOfRangeException(nameof(ascii), "only ASCII characters are appended one by one");
        Room(1)[0] = (byte)ascii;
        Advance(1);
        return this;
    }

    /// <summary>A finite value in the shortest round-trip form ("R"), as the text format reads Go's floats.</summary>
    public MetricsPage Append(double value)
    {
        var room = Room(32);
        if (!value.TryFormat(room, out var written, "R", CultureInfo.InvariantCulture))
            throw new InvalidOperationException("a double needs more than 32 bytes");
        Advance(written);
        return this;
    }

    /// <summary>The page as text (for tests and callers that want a string).</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        foreach (var segment in Segments())
            text.Append(Encoding.UTF8.GetString(segment.Span));
        return text.ToString();
    }

    public void Dispose() => Clear();

    /// <summary>Empties the page (its chunks go back to the pool); it can be written again.</summary>
    public void Clear()
    {
        foreach (var chunk in _chunks)
            Chunks.Return(chunk);
        _chunks.Clear();
        _spare.Clear();
        _used = ChunkSize;
        Length = 0;
    }

    private int Spare(int chunk) => _spare[chunk];

    private Span<byte> Room(int bytes)
    {
        if (ChunkSize - _used < bytes)
        {
            if (_chunks.Count > 0)
                _spare.Add(ChunkSize - _used);
            _chunks.Add(Chunks.Rent(ChunkSize));
            _used = 0;
        }
        return _chunks[^1].AsSpan(_used, ChunkSize - _used);
    }

    private void Advance(int bytes)
    {
        _used += bytes;
        Length += bytes;
    }
}
