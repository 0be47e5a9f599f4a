using Vigil.Engine.Effects;

namespace Vigil.Engine.Ports;

/// <summary>Sends <c>smtp_alert</c> mail off the protocol loop (it may queue or drop, never wait).</summary>
public interface IAlertSender
{
    void Send(MailAlert alert);
}
