using AiCaller.Email.Api.Auth;
using AiCaller.Email.Api.Contracts;
using AiCaller.Email.Grains.Mailboxes;
using AiCaller.Email.Grains.Providers;
using AiCaller.Email.Grains.Tenants;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AiCaller.Email.Api.Endpoints;

/// <summary>The seed's integration health, for the caller's tenant, answered from its directory grain.</summary>
public static class HealthApi
{
    public static async Task<Ok<IntegrationsHealthResponse>> GetIntegrations(
        HttpContext context, IGrainFactory grains, MailProviderCatalog providers)
    {
        var tenant = TenantClaims.TenantOf(context.User);
        var reported = await grains.GetGrain<ITenantDirectoryGrain>(tenant).GetHealthAsync();
        var health = reported.Select(h => AsServed(h, providers.ConfigurationOf(h.Provider).IsConfigured)).ToList();
        var integrations = health.ToDictionary(
            h => h.Provider.ToSlug(),
            h => new ProviderHealthResponse(
                ProviderStatus(h, providers.ConfigurationOf(h.Provider).IsConfigured).ToSlug(),
                new Dictionary<string, int>
                {
                    ["connected"] = h.Connected,
                    ["disconnected"] = h.Disconnected,
                    ["error"] = h.Error,
                }));

        var allConnected = health.All(h => h.Total == h.Connected);
        return TypedResults.Ok(new IntegrationsHealthResponse(allConnected ? "ok" : "degraded", integrations));
    }

    // Without the app's client secrets no mailbox of the provider works, whatever it last reported; the status
    // endpoints say not_configured for each, so health counts each as an error rather than as connected.
    private static ProviderHealth AsServed(ProviderHealth health, bool configured) =>
        configured ? health : health with { Connected = 0, Disconnected = 0, Error = health.Total };

    private static MailboxStatusKind ProviderStatus(ProviderHealth health, bool configured) =>
        !configured ? MailboxStatusKind.NotConfigured
            : health.DefaultAccountStatus ?? health.WorstStatus ?? MailboxStatusKind.Disconnected;
}
