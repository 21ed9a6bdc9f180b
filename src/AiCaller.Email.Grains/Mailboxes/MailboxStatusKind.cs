namespace AiCaller.Email.Grains.Mailboxes;

/// <summary>The seed's four integration states.</summary>
public enum MailboxStatusKind
{
    Disconnected = 0,
    Connected = 1,
    NotConfigured = 2,
    Error = 3,
}

public static class MailboxStatusKinds
{
    public static string ToSlug(this MailboxStatusKind status) => status switch
    {
        MailboxStatusKind.Connected => "connected",
        MailboxStatusKind.Disconnected => "disconnected",
        MailboxStatusKind.NotConfigured => "not_configured",
        MailboxStatusKind.Error => "error",
        _ => throw new ArgumentOutOfRangeException(nameof(status)),
    };

    public static bool TryParse(string? slug, out MailboxStatusKind status)
    {
        foreach (var candidate in Enum.GetValues<MailboxStatusKind>())
        {
            if (candidate.ToSlug() == slug)
            {
                status = candidate;
                return true;
            }
        }

        status = default;
        return false;
    }

    /// <summary>Higher is worse; health reports the worst status of a tenant's mailboxes.</summary>
    public static int Severity(this MailboxStatusKind status) => status switch
    {
        MailboxStatusKind.Connected => 0,
        MailboxStatusKind.Disconnected => 1,
        MailboxStatusKind.NotConfigured => 2,
        MailboxStatusKind.Error => 3,
        _ => 3,
    };
}
