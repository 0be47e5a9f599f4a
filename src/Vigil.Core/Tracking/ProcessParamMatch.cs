namespace Vigil.Core.Tracking;

/// <summary><c>param_match</c>: how a track_process's parameters are compared with a command line.</summary>
public enum ProcessParamMatch
{
    /// <summary>The default: exactly the configured parameters, no more and no fewer.</summary>
    Exact,

    /// <summary>The configured parameters are the first ones; more may follow.</summary>
    Partial,

    /// <summary>As partial, and the last configured parameter may be the start of a longer one.</summary>
    Initial,
}
