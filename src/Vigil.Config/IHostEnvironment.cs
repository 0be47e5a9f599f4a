namespace Vigil.Config;

/// <summary>Questions about the machine the configuration will run on (keepalived's `-t` asks them too).
/// Absent (null in <see cref="ConfigOptions"/>) with `--offline`: then none of them is checked.</summary>
public interface IHostEnvironment
{
    bool InterfaceExists(string name);

    /// <summary>The same questions with interfaces looked up inside network namespace <paramref name="netNamespace"/>
    /// (keepalived's `-t` enters the namespace `net_namespace` names); null when it cannot be entered.</summary>
    IHostEnvironment? InNetNamespace(string netNamespace) => null;

    bool UserExists(string name);

    bool GroupExists(string name);

    /// <summary>Resolves a script's argv[0] (PATH search for bare names) and judges it.</summary>
    ScriptFileStatus CheckScript(string command, string? user);

    /// <summary>Reads an auth_hmac key file (`file:PATH`): its key bytes
    /// (<see cref="Model.AuthHmacKey.FromFileText"/>), whether group or others may read it, or why it cannot be read.
    /// False with a null error when the host cannot tell (the default), so nothing is reported.</summary>
    bool TryReadKeyFile(string path, out byte[] key, out bool readableByOthers, out string? error)
    {
        key = [];
        readableByOthers = false;
        error = null;
        return false;
    }
}
