namespace Vigil.Fuzz;

/// <summary>The fuzz targets by name. Each takes one input and throws only when it found a bug: an exception
/// escaping the code under test, or a broken invariant (see <see cref="Invariant"/>).</summary>
internal static class Targets
{
    public static readonly IReadOnlyDictionary<string, Action<byte[]>> All = new Dictionary<string, Action<byte[]>>
    {
        ["advert"] = AdvertTarget.Run,
        ["config"] = ConfigTarget.Run,
        ["control"] = ControlTarget.Run,
    };

    public static byte[] ReadAll(Stream stream)
    {
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        return memory.ToArray();
    }

    public static int Replay(Action<byte[]> target, IEnumerable<string> paths)
    {
        var failed = 0;
        var files = paths.SelectMany(
            p => Directory.Exists(p) ? Directory.GetFiles(p) : [p]).Order(StringComparer.Ordinal);
        foreach (var file in files)
        {
            try
            {
                target(File.ReadAllBytes(file));
            }
            catch (Exception e)
            {
                failed++;
                Console.Error.WriteLine($"{file}: {e}");
            }
        }
        Console.Error.WriteLine($"replayed: {failed} failed");
        return failed == 0 ? 0 : 1;
    }
}

/// <summary>A property the code under test promises; broken, it throws so that afl-fuzz saves the input.</summary>
internal sealed class InvariantException(string message) : Exception(message);

internal static class Invariant
{
    public static void Holds(bool condition, string what)
    {
        if (!condition)
            throw new InvariantException(what);
    }
}
