namespace Vigil.Engine.Effects;

/// <summary>Syslog-like levels; the driver maps them to <c>&lt;N&gt;</c> prefixes under systemd.</summary>
public enum EngineLogLevel
{
    Debug = 7,
    Info = 6,
    Notice = 5,
    Warning = 4,
    Error = 3,
}
