using System.Globalization;
using Vigil.Config.Model;
using Vigil.Config.Syntax;

namespace Vigil.Config.Semantics;

/// <summary>`use_vmac [NAME] [MAC]` as keepalived 2.2.7 reads it (observed with `keepalived -t`): each word is a MAC
/// when it is 5 or 6 hex octets (5: the VRID becomes the sixth), else the name. An RFC 5798 MAC (00:00:5e:00:01/02)
/// is refused ("not allowed to be RFC5798 address"), a second name too; both exit 5.</summary>
internal static class VmacArgs
{
    public static void Apply(InstanceBuilder b, Statement st, ParseContext ctx)
    {
        string? name = null, mac = null;
        for (int i = 0; i < st.Args.Count; i++)
        {
            var arg = st.Args[i];
            if (Octets(arg) is { } octets)
            {
                if (octets[0] == 0 && octets[1] == 0 && octets[2] == 0x5e && octets[3] == 0 && octets[4] is 1 or 2)
                {
                    ctx.Diag.Ignored(
                        st.ArgLocation(i),
                        "vmac-rfc-mac",
                        $"VMAC MAC address not allowed to be RFC5798 address ({arg}) - ignoring");
                }
                else
                {
                    mac = string.Join(':', octets.Select(o => o.ToString("x2", CultureInfo.InvariantCulture)));
                }
            }
            else if (name is null)
            {
                name = arg;
            }
            else
            {
                ctx.Diag.Ignored(st.ArgLocation(i), "vmac-name-twice", "VMAC interface name already specified");
            }
        }
        b.Set(c => c with { UseVmac = name ?? string.Empty, VmacMac = mac });
    }

    /// <summary>5 or 6 hex octets separated by ':', else null.</summary>
    private static byte[]? Octets(string text)
    {
        var parts = text.Split(':');
        if (parts.Length is not (5 or 6))
            return null;
        var octets = new byte[parts.Length];
        for (int i = 0; i < parts.Length; i++)
        {
            if (parts[i].Length is 0 or > 2
                || !byte.TryParse(parts[i], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out octets[i]))
            {
                return null;
            }
        }
        return octets;
    }
}
