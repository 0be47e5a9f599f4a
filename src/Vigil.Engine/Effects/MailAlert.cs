using Vigil.Core.Primitives;

namespace Vigil.Engine.Effects;

/// <summary>Mail one alert to the configured <c>notification_email</c> recipients through <c>smtp_server</c>
/// (keepalived's <c>smtp_alert</c>). Only emitted when a server and at least one recipient are configured and the
/// instance or sync group has alerts on. The driver must send it off the protocol loop (it may take the whole
/// <c>smtp_connect_timeout</c>) and may drop it when its queue is full; <paramref name="Subject"/> and
/// <paramref name="Body"/> are keepalived's wording (<see cref="AlertText"/>).</summary>
public sealed record MailAlert(string Kind, string Name, VrrpState State, string Subject, string Body) : EngineEffect;
