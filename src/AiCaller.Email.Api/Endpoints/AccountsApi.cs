using AiCaller.Email.Api.Auth;
using AiCaller.Email.Api.Contracts;
using AiCaller.Email.Grains.Mailboxes;
using AiCaller.Email.Grains.Problems;
using AiCaller.Email.Grains.Tenants;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AiCaller.Email.Api.Endpoints;

/// <summary>A tenant's accounts of one provider, from the tenant directory; and disconnecting one.</summary>
public static class AccountsApi
{
    public static async Task<Ok<AccountsResponse>> ListAccounts(
        HttpContext context, IGrainFactory grains, string? limit, string? page_token)
    {
        var provider = MailboxRoute.ProviderOf(context);
        var pageSize = RequestParsing.IntInRange(limit, "limit", 1, 1000, 100);
        if (page_token is not null && !MailboxKey.IsValidIdentifier(page_token))
        {
            throw new MailboxProblemException(ProblemCode.InvalidRequest, "page_token is not one this API returned");
        }

        var page = await grains.GetGrain<ITenantDirectoryGrain>(TenantClaims.TenantOf(context.User)).ListAsync(provider, pageSize, page_token);
        return TypedResults.Ok(new AccountsResponse(page.Accounts.Select(AccountResponse.From).ToList(), page.NextPageToken));
    }

    public static async Task<NoContent> Disconnect(HttpContext context, IGrainFactory grains)
    {
        await grains.Grain(MailboxRoute.Resolve(context)).DisconnectAsync();
        return TypedResults.NoContent();
    }
}
