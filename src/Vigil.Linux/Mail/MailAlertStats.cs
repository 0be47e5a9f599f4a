namespace Vigil.Linux.Mail;

/// <summary>What the mail sender has done since start: delivered, failed (after a connect, SMTP or timeout error),
/// dropped (queue full, or still queued at shutdown), and waiting now.</summary>
public readonly record struct MailAlertStats(long Sent, long Failed, long Dropped, int Queued);
