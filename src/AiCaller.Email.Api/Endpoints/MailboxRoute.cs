using AiCaller.Email.Api.Auth;
using AiCaller.Email.Grains.Mailboxes;
using AiCaller.Email.Grains.Problems;

namespace AiCaller.Email.Api.Endpoints;

/// <summary>Which mailbox a request addresses: provider and account from the route, tenant from the API key.</summary>
public static class MailboxRoute
{
    public const string ProviderPattern = "{provider:regex(^(gmail|outlook)$)}";

    public static MailboxKey Resolve(HttpContext context)
    {
        var provider = ProviderOf(context);
        var account = context.GetRouteValue("account") as string ?? MailboxKey.DefaultAccount;
        if (!MailboxKey.IsValidIdentifier(account))
        {
            throw new MailboxProblemException(ProblemCode.InvalidRequest,
                "account must be 1-128 characters: letters, digits and . _ @ + -, starting with a letter or digit");
        }

        return MailboxKey.Create(provider, TenantClaims.TenantOf(context.User), account);
    }

    public static ProviderName ProviderOf(HttpContext context) =>
        ProviderNames.TryParse(context.GetRouteValue("provider") as string, out var provider)
            ? provider
            : throw new MailboxProblemException(ProblemCode.NotFound, "Unknown provider; use gmail or outlook");

    public static IMailboxGrain Grain(this IGrainFactory grains, MailboxKey key) => grains.GetGrain<IMailboxGrain>(key.ToGrainKey());
}
