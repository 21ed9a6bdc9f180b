using AiCaller.Email.Grains.Mailboxes;

namespace AiCaller.Email.Tests.Cluster;

/// <summary>A mailbox a cluster test connects: its account under the open mode's tenant, and the user behind it.</summary>
public sealed record ClusterMailbox(ProviderName Provider, string Account, string Email)
{
    public static ClusterMailbox New(ProviderName provider, string account) => new(provider, account, Infrastructure.TestWorld.NewEmail());

    public string Path => $"/api/{Provider.ToSlug()}/accounts/{Account}";

    /// <summary>The key of its grain, as the API composes it for an open-mode request.</summary>
    public string GrainKey => MailboxKey.Create(Provider, MailboxKey.DefaultTenant, Account).ToGrainKey();

    public override string ToString() => $"{Provider.ToSlug()}/{Account}";
}
