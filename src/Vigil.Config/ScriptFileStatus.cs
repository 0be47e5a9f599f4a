namespace Vigil.Config;

/// <summary>What the host says about a script file.</summary>
public enum ScriptFileStatus
{
    Ok,
    NotFound,
    NotExecutable,

    /// <summary>Runs as root but a path component is writable by non-root (keepalived's "Unsafe
    /// permissions").</summary>
    Insecure,
}
