using Vigil.Config.Model;
using Vigil.Config.Syntax;
using Vigil.Core.Protocol;

namespace Vigil.Config.Semantics;

/// <summary>`auth_hmac { key ID VALUE; active_key ID; anti_replay time|monotonic; time_window S; mode M }`, read as
/// keepalived 2.4.3 reads it (messages observed with its `-t`).</summary>
internal sealed partial class InstanceBuilder
{
    public AuthHmacConfig? Hmac;
    private readonly List<AuthHmacKey> _hmacKeys = [];

    public void ParseAuthHmac(Statement block, ParseContext ctx)
    {
        var d = ctx.Diag;
        d.Warning(block.Location, "keepalived-2.4",
            "'auth_hmac' is accepted by keepalived 2.4 (Vigil speaks the 2.4.2/2.4.3 wire format); keepalived 2.2.7 " +
            "reports it as an unknown keyword (exit 5) and misreads the rest of the instance");
        var h = Hmac ?? new AuthHmacConfig { Location = block.Location };
        foreach (var e in block.Block ?? [])
        {
            switch (e.Keyword)
            {
                case "key":
                    ParseHmacKey(e, ctx);
                    break;
                case "active_key":
                    if (Id(e, ctx, "active_key") is { } active)
                        h = h with { ActiveKey = active };
                    break;
                case "anti_replay":
                    if (!Values.Arg(e, 0, ctx, out var replay))
                        break;
                    if (replay is "time" or "monotonic")
                    {
                        h = h with { AntiReplay = replay == "time" ? HmacAntiReplay.Time : HmacAntiReplay.Monotonic };
                    }
                    else
                    {
                        d.Error(
                            e.ArgLocation(0),
                            "auth-hmac-anti-replay",
                            $"({Name}) auth_hmac anti_replay '{Values.Short(replay)}' must be time or monotonic");
                    }

                    break;
                case "time_window":
                    if (!Values.Arg(e, 0, ctx, out var w))
                        break;
                    if (int.TryParse(
                        w,
                        System.Globalization.NumberStyles.None,
                        System.Globalization.CultureInfo.InvariantCulture,
                        out var window)
                        && window is >= 1 and <= 300)
                    {
                        h = h with { TimeWindowSeconds = window };
                    }
                    else
                    {
                        d.Error(
                            e.ArgLocation(0),
                            "auth-hmac-time-window",
                            $"({Name}) auth_hmac time_window '{Values.Short(w)}' must be between 1 and 300 seconds");
                    }

                    break;
                case "mode":
                    if (!Values.Arg(e, 0, ctx, out var mode))
                        break;
                    HmacMode? m = mode switch
                    {
                        "enforce" => HmacMode.Enforce,
                        "permissive" => HmacMode.Permissive,
                        "receive-only" => HmacMode.ReceiveOnly,
                        _ => null,
                    };
                    if (m is { } known)
                    {
                        h = h with { Mode = known };
                    }
                    else
                    {
                        d.Error(
                            e.ArgLocation(0),
                            "auth-hmac-mode",
                            $"({Name}) auth_hmac mode '{Values.Short(mode)}' must be enforce, permissive or " +
                            $"receive-only");
                    }

                    break;
                default:
                    d.Ignored(e.Location, "unknown-keyword",
                        $"unknown keyword '{Values.Short(e.Keyword)}' in auth_hmac; ignored" +
                        $"{Suggest.Hint(e.Keyword, ["key", "active_key", "anti_replay", "time_window", "mode"])}");
                    break;
            }
        }
        Hmac = h;
    }

    private int? Id(Statement e, ParseContext ctx, string what)
    {
        if (e.Args.Count > 0
            && int.TryParse(
                e.Args[0],
                System.Globalization.NumberStyles.None,
                System.Globalization.CultureInfo.InvariantCulture,
                out var id)
            && id is >= 1 and <= 255)
        {
            return id;
        }

        if (e.Args.Count > 0)
        {
            ctx.Diag.Error(
                e.ArgLocation(0),
                "auth-hmac-key-id",
                $"({Name}) auth_hmac {(what == "key" ? "key id" : what)} '{Values.Short(e.Args[0])}' must be between " +
                $"1 and 255");
        }
        else
        {
            ctx.Diag.Error(e.Location, "auth-hmac-key-id", $"({Name}) auth_hmac {what} needs an id");
        }

        return null;
    }

    private void ParseHmacKey(Statement e, ParseContext ctx)
    {
        var d = ctx.Diag;
        if (e.Args.Count < 2)
        {
            d.Error(e.Location, "auth-hmac-key", $"({Name}) auth_hmac key needs an id and a value");
            return;
        }
        if (Id(e, ctx, "key") is not { } id)
            return;
        if (_hmacKeys.Exists(k => k.Id == id))
        {
            d.Error(e.Location, "auth-hmac-duplicate-key", $"({Name}) duplicate auth_hmac key id {id}");
            return;
        }
        if (e.Args.Count > 2)
        {
            d.Warning(
                e.ArgLocation(2),
                "auth-hmac-key-words",
                $"({Name}) auth_hmac key {id}: only the first word of the value is the key (keepalived reads one " +
                $"word); quote nothing, use hex: for arbitrary bytes");
        }

        var value = e.Args[1];
        if (value.StartsWith("file:", StringComparison.Ordinal))
        {
            // The file is the host's business: `vigil check` asks the host about it, the daemon reads it.
            _hmacKeys.Add(new AuthHmacKey(id, null, value[5..], e.Location));
            return;
        }
        var bytes = value.StartsWith("hex:", StringComparison.Ordinal)
            ? AuthHmacKey.Hex(value[4..])
            : System.Text.Encoding.UTF8.GetBytes(value);
        if (bytes.Length is < VrrpHmac.MinKeyLength or > VrrpHmac.MaxKeyLength)
        {
            d.Error(
                e.ArgLocation(1),
                "auth-hmac-key-length",
                $"({Name}) auth_hmac key {id} length {bytes.Length} not in range [32, 64]");
            return;
        }
        _hmacKeys.Add(new AuthHmacKey(id, bytes, null, e.Location));
    }

    /// <summary>The checks keepalived makes once the instance is read: an active key that exists (else the extension
    /// is disabled), the legacy block dropped, strict mode only with enforce; and the window's default.</summary>
    private AuthHmacConfig? BuildHmac(ref AuthType auth, bool strict, int advertMs, DiagnosticBag d)
    {
        if (Hmac is not { } h)
            return null;
        if (!_hmacKeys.Exists(k => k.Id == h.ActiveKey))
        {
            d.Ignored(
                h.Location,
                "auth-hmac-no-active-key",
                $"({Name}) auth_hmac active_key {h.ActiveKey} is not defined, disabling extension");
            return null;
        }
        if (auth != AuthType.None)
        {
            d.Ignored(
                AuthAt,
                "auth-hmac-with-authentication",
                $"({Name}) auth_hmac cannot be combined with authentication, dropping legacy auth");
            auth = AuthType.None;
        }
        if (strict && h.Mode != HmacMode.Enforce)
            d.Error(h.Location, "auth-hmac-strict", $"({Name}) strict mode requires auth_hmac mode enforce");
        int window = h.TimeWindowSeconds > 0
            ? h.TimeWindowSeconds
            : Math.Clamp(Math.Max((3 * advertMs + 999) / 1000, 5), 5, 300);
        return h with { Keys = [.. _hmacKeys], TimeWindowSeconds = window };
    }
}
