using System.Security.Claims;
using AiCaller.Email.Api.Auth;
using AiCaller.Email.Api.Contracts;
using AiCaller.Email.Grains.Mailboxes;
using AiCaller.Email.Grains.Tenants;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AiCaller.Email.Api.Endpoints;

/// <summary>The seed's integration health, for the caller's tenant, answered from its directory's counts.</summary>
public static class HealthApi
{
    public static async Task<Ok<IntegrationsHealthResponse>> GetIntegrations(ClaimsPrincipal user, IGrainFactory grains)
    {
        var health = await grains.GetGrain<ITenantDirectoryGrain>(TenantClaims.TenantOf(user)).GetHealthAsync();
        var integrations = health.ToDictionary(
            h => h.Provider.ToSlug(),
            h => new ProviderHealthResponse(
                h.Status.ToSlug(),
                new Dictionary<string, long>
                {
                    ["connected"] = h.Connected,
                    ["disconnected"] = h.Disconnected,
                    ["error"] = h.Error,
                }));

        var allConnected = health.All(h => h.Total == h.Connected);
        return TypedResults.Ok(new IntegrationsHealthResponse(allConnected ? "ok" : "degraded", integrations));
    }
}
