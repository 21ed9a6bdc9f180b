using System.Security.Claims;
using AiCaller.Email.Api.Auth;
using AiCaller.Email.Api.Contracts;
using AiCaller.Email.Grains.Tenants;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AiCaller.Email.Api.Endpoints;

/// <summary>A tenant's accounts of one provider, from the tenant directory; and disconnecting one.</summary>
public static class AccountsApi
{
    public static async Task<Ok<AccountsResponse>> ListAccounts(
        ProviderRoute provider, ClaimsPrincipal user, [AsParameters] AccountsParameters parameters, IGrainFactory grains)
    {
        parameters.Check();
        var page = await grains.GetGrain<ITenantDirectoryGrain>(TenantClaims.TenantOf(user)).ListAsync(provider.Name, parameters.Limit, parameters.PageToken);
        return TypedResults.Ok(new AccountsResponse(page.Accounts.Select(AccountResponse.From).ToList(), page.NextPageToken));
    }

    public static async Task<NoContent> Disconnect([AsParameters] AccountRoute mailbox, IGrainFactory grains)
    {
        await grains.Grain(mailbox.Key).DisconnectAsync();
        return TypedResults.NoContent();
    }
}
