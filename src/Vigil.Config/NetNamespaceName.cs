using System.Text;

namespace Vigil.Config;

/// <summary>What may name a network namespace: one file name under /run/netns (as `ip netns add` requires), which
/// Vigil also uses as a directory name under /run/vigil.</summary>
public static class NetNamespaceName
{
    public static bool IsValid(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.Length > 0 && name is not ("." or "..") && !name.Contains('/', StringComparison.Ordinal)
            && !name.Contains('\0', StringComparison.Ordinal) && Encoding.UTF8.GetByteCount(name) <= 255;
    }
}
