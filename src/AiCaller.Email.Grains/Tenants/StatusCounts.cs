using AiCaller.Email.Grains.Mailboxes;

namespace AiCaller.Email.Grains.Tenants;

/// <summary>How many of a tenant's mailboxes of each provider are in each status, kept as they change.</summary>
public sealed class StatusCounts
{
    private readonly Dictionary<(ProviderName, MailboxStatusKind), int> _counts = [];

    public void Add(MailboxSummary summary) => Change(summary, +1);

    public void Remove(MailboxSummary summary) => Change(summary, -1);

    public int Of(ProviderName provider, MailboxStatusKind status) => _counts.GetValueOrDefault((provider, status));

    public MailboxStatusKind? WorstOf(ProviderName provider) =>
        Enum.GetValues<MailboxStatusKind>()
            .Where(status => Of(provider, status) > 0)
            .OrderByDescending(status => status.Severity())
            .Select(status => (MailboxStatusKind?)status)
            .FirstOrDefault();

    private void Change(MailboxSummary summary, int delta)
    {
        var key = (summary.Provider, summary.Status);
        _counts[key] = _counts.GetValueOrDefault(key) + delta;
    }
}
