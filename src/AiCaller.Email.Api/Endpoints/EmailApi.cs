using AiCaller.Email.Api.Edge;
using AiCaller.Email.Grains.Health;

namespace AiCaller.Email.Api.Endpoints;

/// <summary>Every route of the product, in one place.</summary>
public static class EmailApi
{
    public static WebApplication MapEmailApi(this WebApplication app)
    {
        var provider = MailboxRoute.ProviderPattern;

        app.MapGet($"/api/{provider}/oauth/callback", OAuthCallbackApi.Callback)
            .AllowAnonymous().RequireRateLimiting(RequestRateLimits.PerAddress).WithName("OAuthCallback").WithTags("OAuth").WithSummary("OAuth redirect target (no API key: the state authorises it)");

        var api = app.MapGroup("/api").RequireAuthorization().RequireRateLimiting(RequestRateLimits.PerTenant).ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status429TooManyRequests);

        api.MapGet("/health/integrations", HealthApi.GetIntegrations).WithName("IntegrationsHealth").WithTags("Health");

        api.MapGroup(provider).WithTags("Mailbox (default account)").MapMailboxOperations("Default");

        var accounts = api.MapGroup($"{provider}/accounts").WithTags("Accounts");
        accounts.MapGet("/", AccountsApi.ListAccounts).WithName("ListAccounts").WithSummary("Accounts of the tenant with their status");
        var account = accounts.MapGroup("/{account}").MapMailboxOperations("Account");
        account.MapDelete("/", AccountsApi.Disconnect).WithName("Disconnect").WithSummary("Disconnect: revoke at the provider and delete tokens");

        app.MapProductHealthEndpoints();
        return app;
    }
}
