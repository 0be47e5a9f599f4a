namespace Vigil.Config;

/// <summary>Everything impure the parser needs, passed in.</summary>
public sealed record ConfigOptions
{
    /// <summary>`-i/--config-id`; null means the first label of <see cref="HostName"/>.</summary>
    public string? ConfigId { get; init; }

    public string HostName { get; init; } = "localhost";

    /// <summary>Environment variables for `${_ENV X}`.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>Seed of `${_RANDOM}`.</summary>
    public int RandomSeed { get; init; }

    /// <summary>`--strict`: every warning becomes an error.</summary>
    public bool Strict { get; init; }

    /// <summary>Host checks (interfaces, scripts, users); null = offline, nothing checked.</summary>
    public IHostEnvironment? Host { get; init; }

    /// <summary>The effective config-id.</summary>
    public string EffectiveConfigId => ConfigId ?? FirstLabel(HostName);

    private static string FirstLabel(string host)
    {
        var dot = host.IndexOf('.', StringComparison.Ordinal);
        return dot < 0 ? host : host[..dot];
    }
}
