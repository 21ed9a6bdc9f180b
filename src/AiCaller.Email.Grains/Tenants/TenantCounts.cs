using AiCaller.Email.Grains.Mailboxes;

namespace AiCaller.Email.Grains.Tenants;

/// <summary>A tenant's mailbox counts and the status of each provider's default account, where it exists.</summary>
public sealed record TenantCounts(IReadOnlyList<StatusCount> Counts, IReadOnlyDictionary<ProviderName, MailboxStatusKind> DefaultAccounts)
{
    public long Of(ProviderName provider, MailboxStatusKind status) =>
        Counts.Where(c => c.Provider == provider && c.Status == status).Sum(c => c.Mailboxes);

    public MailboxStatusKind? WorstOf(ProviderName provider) =>
        Counts.Where(c => c.Provider == provider && c.Mailboxes > 0)
            .Select(c => (MailboxStatusKind?)c.Status)
            .MaxBy(status => status!.Value.Severity());
}
