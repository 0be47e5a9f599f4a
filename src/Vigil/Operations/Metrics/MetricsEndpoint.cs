using System.Globalization;
using System.Net;

namespace Vigil.Operations.Metrics;

/// <summary>Parses <c>--metrics ADDR:PORT</c>: an IPv4 address, a bracketed IPv6 address, or nothing / <c>*</c>
/// before the colon for every address (IPv6 socket in dual mode).</summary>
public static class MetricsEndpoint
{
    public static bool TryParse(string? text, out IPEndPoint endPoint, out string error)
    {
        endPoint = new IPEndPoint(IPAddress.Loopback, 0);
        error = "";
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "expected ADDR:PORT, e.g. 127.0.0.1:9650 or [::1]:9650";
            return false;
        }
        var colon = text.LastIndexOf(':');
        if (colon < 0
            || (text.Contains(']', StringComparison.Ordinal) && colon < text.IndexOf(']', StringComparison.Ordinal)))
        {
            error = $"'{text}': expected ADDR:PORT, e.g. 127.0.0.1:9650 or [::1]:9650";
            return false;
        }
        var host = text[..colon];
        var portText = text[(colon + 1)..];
        // Port 0 asks the kernel for a free port (the daemon logs which): handy for tests and one-off runs.
        if (!ushort.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var port))
        {
            error = $"'{text}': the port must be a number from 0 to 65535";
            return false;
        }
        IPAddress address;
        if (host is "" or "*")
        {
            address = IPAddress.IPv6Any;
        }
        else if (host.StartsWith('[') && host.EndsWith(']') && IPAddress.TryParse(host[1..^1], out var v6)
                 && v6.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6)
        {
            address = v6;
        }
        else if (IPAddress.TryParse(host, out var v4)
            && v4.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork)
        {
            address = v4;
        }
        else
        {
            error = $"'{text}': '{host}' is not an IPv4 address or a bracketed IPv6 address";
            return false;
        }
        endPoint = new IPEndPoint(address, port);
        return true;
    }
}
