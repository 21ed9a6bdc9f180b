using AiCaller.Email.Api.Auth;
using AiCaller.Email.Api.Contracts;
using AiCaller.Email.Api.Edge;
using AiCaller.Email.Api.Problems;
using AiCaller.Email.Api.Telemetry;
using AiCaller.Email.Grains.Health;
using AiCaller.Email.Grains.Hosting;
using AiCaller.Email.Grains.Mailboxes;
using AiCaller.Email.Grains.Problems;
using Orleans.Dashboard;

namespace AiCaller.Email.Api.Endpoints;

/// <summary>
/// Every route of the product, in one place. The mailbox routes are mapped once per provider, in a group of the
/// provider's own (<c>/api/gmail</c>, <c>/api/outlook</c>) that tells its handlers which provider they serve
/// (<see cref="ProviderRoute"/>), so the OpenAPI document lists each provider's concrete paths.
/// </summary>
public static class EmailApi
{
    public static WebApplication MapEmailApi(this WebApplication app)
    {
        var keys = app.Services.GetRequiredService<ApiKeyRegistry>();

        // Browsers, without an API key: the connect page (static, no data), and the routes that act on a link token alone,
        // limited per client address as the OAuth callbacks are.
        app.MapConnectPage();
        app.MapGroup(string.Empty).AllowAnonymous().RequireRateLimiting(RequestRateLimits.PerAddress).MapConnectLinkPages();

        var api = app.MapGroup("/api");

        api.MapGet("/health/integrations", HealthApi.GetIntegrations).RequireApiKey(keys)
            .WithName("IntegrationsHealth").WithTags("Health").WithSummary("The tenant's mailboxes per provider: status and counts")
            .ProducesProblems(ProblemCode.ProviderError, ProblemCode.Unavailable);

        foreach (var provider in Enum.GetValues<ProviderName>())
        {
            var name = provider.ToDisplayName();
            var routes = api.MapGroup(provider.ToSlug()).WithMetadata(new ProviderRoute(provider)).WithTags(name);

            routes.MapGet("/oauth/callback", OAuthCallbackApi.Callback)
                .AllowAnonymous().RequireRateLimiting(RequestRateLimits.PerAddress)
                .WithName($"{name}OAuthCallback")
                .WithSummary("OAuth redirect target (no API key: the state authorises it)")
                .WithDescription("Browsers get a small HTML page; a client that sends Accept: application/json gets JSON (or problem+json).")
                .Produces<ConnectedResponse>()
                .ProducesProblems(ProblemCode.InvalidRequest, ProblemCode.NotConfigured, ProblemCode.AppCredentialsInvalid, ProblemCode.TokenInvalid,
                    ProblemCode.RateLimited, ProblemCode.ProviderError, ProblemCode.Unavailable);

            // The seed's routes act on the account "default"; the same operations act on any account under accounts/{account}.
            var keyed = routes.MapGroup("/").RequireApiKey(keys);
            keyed.MapMailboxOperations<DefaultAccountRoute>(provider, name);
            keyed.MapGet("/accounts", AccountsApi.ListAccounts)
                .WithName($"{name}ListAccounts").WithSummary("Accounts of the tenant with their status")
                .ProducesProblems(ProblemCode.InvalidRequest, ProblemCode.ProviderError, ProblemCode.Unavailable);

            var account = keyed.MapGroup("/accounts/{account}").WithMetadata(MailboxEndpoint.Account).ProducesProblems(ProblemCode.InvalidRequest);
            account.MapMailboxOperations<AccountRoute>(provider, $"{name}Account");
            account.MapDelete("/", AccountsApi.Disconnect)
                .WithName($"{name}Disconnect").WithSummary("Disconnect: revoke at the provider where it allows, delete the tokens")
                .ProducesProblems(ProblemCode.ProviderError, ProblemCode.Unavailable);
            account.MapConnectLink(name);
        }

        app.MapProductHealthEndpoints();

        // The dashboard's own page and data calls, behind the same key; a browser gives it as a Basic password.
        app.MapOrleansDashboard(EmailDashboard.RoutePrefix)
            .RequireAuthorization(policy => policy.AddAuthenticationSchemes(ApiKeyAuthenticationHandler.BasicSchemeName).RequireAuthenticatedUser())
            .ExcludeFromDescription();
        return app;
    }

    /// <summary>
    /// The route needs an API key when keys are configured (401 <c>unauthorized</c> without one), and is limited per
    /// tenant (429 <c>rate_limited</c>).
    /// </summary>
    private static TBuilder RequireApiKey<TBuilder>(this TBuilder builder, ApiKeyRegistry keys) where TBuilder : IEndpointConventionBuilder
    {
        builder.RequireAuthorization().RequireRateLimiting(RequestRateLimits.PerTenant).ProducesProblems(ProblemCode.RateLimited);
        return keys.IsOpen ? builder : builder.ProducesProblems(ProblemCode.Unauthorized);
    }
}
