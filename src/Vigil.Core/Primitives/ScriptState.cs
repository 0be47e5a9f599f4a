namespace Vigil.Core.Primitives;

/// <summary>The state of a tracked script: INIT until its first result, then OK or KO.</summary>
public enum ScriptState
{
    Init,
    Ok,
    Ko,
}
