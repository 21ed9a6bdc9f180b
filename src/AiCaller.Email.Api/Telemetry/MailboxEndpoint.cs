using AiCaller.Email.Api.Endpoints;

namespace AiCaller.Email.Api.Telemetry;

/// <summary>
/// Endpoint metadata: the endpoint addresses one mailbox, on the seed's routes (account <c>default</c>) or under
/// <c>accounts/{account}</c>. <see cref="MailboxLogScopeMiddleware"/> reads it.
/// </summary>
public sealed record MailboxEndpoint(bool UnderAccounts)
{
    public static readonly MailboxEndpoint Default = new(false);
    public static readonly MailboxEndpoint Account = new(true);

    public static MailboxEndpoint For<TMailbox>() where TMailbox : IMailboxRoute =>
        typeof(TMailbox) == typeof(AccountRoute) ? Account : Default;
}
