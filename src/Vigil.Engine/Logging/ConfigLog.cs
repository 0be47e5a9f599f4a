using Microsoft.Extensions.Logging;

namespace Vigil.Engine.Logging;

/// <summary>Lines of <see cref="LogCategories.Config"/>: what the engine makes of a configuration as it loads
/// it.</summary>
internal static partial class ConfigLog
{
    [LoggerMessage(EventId = 101, EventName = "DuplicateInstance", Level = LogLevel.Error,
        Message = "({Instance}) duplicate or invalid instance - ignoring")]
    public static partial void DuplicateInstance(this ILogger logger, string instance);

    [LoggerMessage(EventId = 102, EventName = "VridInUse", Level = LogLevel.Error,
        Message = "({Instance}) VRID {Vrid} is already used on {Interface} - instance is FAULT")]
    public static partial void VridInUse(this ILogger logger, string instance, int vrid, string @interface);

    [LoggerMessage(EventId = 103, EventName = "StartupDelay", Level = LogLevel.Information,
        Message = "Delaying startup for {Seconds} seconds")]
    public static partial void StartupDelay(this ILogger logger, string seconds);

    [LoggerMessage(EventId = 104, EventName = "ScriptNotUsed", Level = LogLevel.Warning,
        Message = "Warning - script {Script} is not used")]
    public static partial void ScriptNotUsed(this ILogger logger, string script);

    [LoggerMessage(EventId = 105, EventName = "TrackScriptNotFound", Level = LogLevel.Warning,
        Message = "({Instance}) track script {Script} not found, ignoring...")]
    public static partial void TrackScriptNotFound(this ILogger logger, string instance, string script);

    [LoggerMessage(EventId = 106, EventName = "TrackFileNotFound", Level = LogLevel.Warning,
        Message = "({Instance}) track file {File} not found, ignoring...")]
    public static partial void TrackFileNotFound(this ILogger logger, string instance, string file);

    [LoggerMessage(EventId = 107, EventName = "TrackProcessNotFound", Level = LogLevel.Warning,
        Message = "({Instance}) track process {Process} not found, ignoring...")]
    public static partial void TrackProcessNotFound(this ILogger logger, string instance, string process);

    [LoggerMessage(EventId = 108, EventName = "WeightIgnoredForAddressOwner", Level = LogLevel.Warning,
        Message = "({Instance}) ignoring tracked {Kind} {Tracker} with weights due to address_owner")]
    public static partial void WeightIgnoredForAddressOwner(
        this ILogger logger,
        string instance,
        string kind,
        string tracker);

    [LoggerMessage(EventId = 109, EventName = "WeightIgnoredForSyncGroup", Level = LogLevel.Warning,
        Message = "({Instance}) ignoring tracked {Kind} {Tracker} with weights due to SYNC group")]
    public static partial void WeightIgnoredForSyncGroup(
        this ILogger logger,
        string instance,
        string kind,
        string tracker);
}
