namespace AiCaller.Email.Grains.Mailboxes;

/// <summary>
/// The key of the clock mailbox grains judge token expiry by: the system clock unless a host registers
/// another (tests move it forward without moving Orleans' own timers).
/// </summary>
public static class MailboxClock
{
    public const string ServiceKey = "AiCaller.Email.MailboxClock";
}
