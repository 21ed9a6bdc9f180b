using AiCaller.Email.Grains.Mailboxes;

namespace AiCaller.Email.Benchmarks.Hosting;

/// <summary>One mailbox of a tenant, with the address the emulator knows its user by.</summary>
public sealed record BenchmarkMailbox(BenchmarkTenant Tenant, string Account, string Email, ProviderName Provider = ProviderName.Gmail)
{
    /// <summary>The multi-account route prefix, e.g. <c>/api/gmail/accounts/mbx-00007</c>.</summary>
    public string Path => $"/api/{Provider.ToSlug()}/accounts/{Account}";

    /// <summary>The product's key of this mailbox, for the few measurements that talk to its grain or storage directly.</summary>
    public MailboxKey Key => MailboxKey.Create(Provider, Tenant.Name, Account);

    public static BenchmarkMailbox Numbered(BenchmarkTenant tenant, int number, ProviderName provider = ProviderName.Gmail)
    {
        var account = $"mbx-{number:D5}";
        return new BenchmarkMailbox(tenant, account, $"{account}.{tenant.Name}@example.com", provider);
    }
}
