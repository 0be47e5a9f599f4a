using System.Buffers.Text;

namespace Vigil.Operations.Metrics;

/// <summary>The daemon's resident set and thread count from <c>/proc/self/stat</c>, read into a stack buffer.
/// <c>Process.GetCurrentProcess()</c> made a process object and a record per thread (reading each thread's own
/// stat file): 25 KB on every scrape, most of what a scrape still allocated.</summary>
internal static class ProcessStat
{
    // proc(5): fields counted from 1; the command (field 2) is in parentheses and may hold spaces, so fields are
    // counted from the last ')'. Field 3 is the state.
    private const int ThreadsField = 20, RssPagesField = 24;

    public static bool TryRead(out long residentBytes, out int threads)
    {
        residentBytes = threads = 0;
        Span<byte> buffer = stackalloc byte[1024];
        int length;
        try
        {
            using var file = File.OpenHandle("/proc/self/stat");
            length = RandomAccess.Read(file, buffer, 0);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
        var text = buffer[..length];
        var close = text.LastIndexOf((byte)')');
        if (close < 0 || close + 2 > text.Length)
            return false;
        text = text[(close + 2)..];
        long pages = -1;
        for (var field = 3; text.Length > 0 && field <= RssPagesField; field++)
        {
            var end = text.IndexOf((byte)' ');
            var value = end < 0 ? text : text[..end];
            if (field == ThreadsField && !Utf8Parser.TryParse(value, out threads, out _))
                return false;
            if (field == RssPagesField && !Utf8Parser.TryParse(value, out pages, out _))
                return false;
            text = end < 0 ? [] : text[(end + 1)..];
        }
        residentBytes = pages * Environment.SystemPageSize;
        return pages >= 0;
    }
}
