using AiCaller.Email.Grains.Mailboxes;

namespace AiCaller.Email.Benchmarks.Hosting;

/// <summary>One mailbox of a tenant, with the address the emulator knows its user by.</summary>
public sealed record BenchmarkMailbox(BenchmarkTenant Tenant, string Account, string Email)
{
    /// <summary>The multi-account route prefix, e.g. <c>/api/gmail/accounts/mbx-00007</c>.</summary>
    public string Path => $"/api/gmail/accounts/{Account}";

    /// <summary>The product's key of this mailbox, for the few measurements that talk to its grain or storage directly.</summary>
    public MailboxKey Key => MailboxKey.Create(ProviderName.Gmail, Tenant.Name, Account);

    public static BenchmarkMailbox Numbered(BenchmarkTenant tenant, int number)
    {
        var account = $"mbx-{number:D5}";
        return new BenchmarkMailbox(tenant, account, $"{account}.{tenant.Name}@example.com");
    }
}
