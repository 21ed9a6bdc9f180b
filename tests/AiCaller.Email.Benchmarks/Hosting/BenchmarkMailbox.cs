namespace AiCaller.Email.Benchmarks.Hosting;

/// <summary>One mailbox of a tenant, with the address the emulator knows its user by.</summary>
public sealed record BenchmarkMailbox(BenchmarkTenant Tenant, string Account, string Email)
{
    /// <summary>The multi-account route prefix, e.g. <c>/api/gmail/accounts/mbx-00007</c>.</summary>
    public string Path => $"/api/gmail/accounts/{Account}";

    public static BenchmarkMailbox Numbered(BenchmarkTenant tenant, int number)
    {
        var account = $"mbx-{number:D5}";
        return new BenchmarkMailbox(tenant, account, $"{account}.{tenant.Name}@example.com");
    }
}
