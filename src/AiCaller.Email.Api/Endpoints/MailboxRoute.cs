using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using AiCaller.Email.Api.Auth;
using AiCaller.Email.Grains.Mailboxes;
using AiCaller.Email.Grains.Problems;
using Microsoft.AspNetCore.Mvc;

namespace AiCaller.Email.Api.Endpoints;

/// <summary>
/// Which mailbox a request addresses: the provider of the route group the endpoint was mapped in, the account (from
/// the route, or <c>default</c> on the seed's routes) and the tenant of the API key. The mailbox operations are written
/// once over this and mapped for both route shapes (<see cref="MailboxApi.MapMailboxOperations{TMailbox}"/>).
/// </summary>
public interface IMailboxRoute
{
    /// <summary>The mailbox, once its account id is known to be valid; else 400 <c>invalid_request</c>.</summary>
    MailboxKey Key { get; }
}

/// <summary>The seed's routes, <c>/api/{provider}/...</c>: account <c>default</c>.</summary>
public sealed record DefaultAccountRoute(ProviderRoute Provider, ClaimsPrincipal User) : IMailboxRoute
{
    public MailboxKey Key => MailboxKey.Create(Provider.Name, TenantClaims.TenantOf(User), MailboxKey.DefaultAccount);
}

/// <summary>The multi-account routes, <c>/api/{provider}/accounts/{account}/...</c>.</summary>
public sealed record AccountRoute(
    ProviderRoute Provider,
    ClaimsPrincipal User,
    [property: FromRoute(Name = "account"), RegularExpression(MailboxKey.IdentifierSchemaPattern)]
    [property: Description("The account id, chosen by the client: 1-128 letters, digits and . _ @ + -, starting with a letter or digit")]
    string Account) : IMailboxRoute
{
    public MailboxKey Key => MailboxKey.IsValidIdentifier(Account)
        ? MailboxKey.Create(Provider.Name, TenantClaims.TenantOf(User), Account)
        : throw new MailboxProblemException(ProblemCode.InvalidRequest,
            "account must be 1-128 characters: letters, digits and . _ @ + -, starting with a letter or digit");
}

/// <summary>
/// The provider whose routes an endpoint belongs to. Each provider's routes are mapped in a group of their own
/// (<c>/api/gmail</c>, <c>/api/outlook</c>) that carries this as metadata, and a handler takes it as a parameter:
/// no <c>{provider}</c> route value to parse, and the OpenAPI document lists each provider's concrete paths.
/// </summary>
public sealed record ProviderRoute(ProviderName Name)
{
    public static ValueTask<ProviderRoute?> BindAsync(HttpContext context) =>
        ValueTask.FromResult<ProviderRoute?>(context.GetEndpoint()?.Metadata.GetMetadata<ProviderRoute>()
            ?? throw new InvalidOperationException($"{context.Request.Path} was not mapped in a provider's route group."));
}

public static class MailboxRoutes
{
    public static IMailboxGrain Grain(this IGrainFactory grains, MailboxKey key) => grains.GetGrain<IMailboxGrain>(key.ToGrainKey());
}
