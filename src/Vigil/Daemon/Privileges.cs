namespace Vigil.Daemon;

/// <summary>Checks the effective capabilities the daemon needs: CAP_NET_ADMIN (addresses) and CAP_NET_RAW
/// (VRRP, ARP and NA sockets), read from /proc/self/status so a non-root process with capabilities works too.</summary>
public static class Privileges
{
    private const int CapNetAdmin = 12, CapNetRaw = 13;

    public static bool CanRun(out string missing)
    {
        ulong effective = 0;
        try
        {
            foreach (var line in File.ReadLines("/proc/self/status"))
            {
                if (line.StartsWith("CapEff:", StringComparison.Ordinal))
                    effective = Convert.ToUInt64(line[7..].Trim(), 16);
            }
        }
        catch (IOException)
        {
        }
        var lacking = new List<string>();
        if ((effective & (1UL << CapNetAdmin)) == 0)
            lacking.Add("CAP_NET_ADMIN");
        if ((effective & (1UL << CapNetRaw)) == 0)
            lacking.Add("CAP_NET_RAW");
        missing = string.Join(" and ", lacking);
        return lacking.Count == 0;
    }
}
