using AiCaller.Email.Api.Edge;
using AiCaller.Email.Grains.Health;

namespace AiCaller.Email.Api.Endpoints;

/// <summary>Every route of the product, in one place.</summary>
public static class EmailApi
{
    public static WebApplication MapEmailApi(this WebApplication app)
    {
        var provider = MailboxRoute.ProviderPattern;

        // Browsers, without an API key: the connect page (static, no data), and the routes that act on a state or a
        // link token alone, grouped so that one line can limit them per client address.
        app.MapConnectPage();
        var browser = app.MapGroup(string.Empty).AllowAnonymous().RequireRateLimiting(RequestRateLimits.PerAddress);
        browser.MapGet($"/api/{provider}/oauth/callback", OAuthCallbackApi.Callback)
            .WithName("OAuthCallback").WithTags("OAuth").WithSummary("OAuth redirect target (no API key: the state authorises it)");
        browser.MapConnectLinkPages();

        var api = app.MapGroup("/api").RequireAuthorization().RequireRateLimiting(RequestRateLimits.PerTenant).ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status429TooManyRequests);

        api.MapGet("/health/integrations", HealthApi.GetIntegrations).WithName("IntegrationsHealth").WithTags("Health");

        api.MapGroup(provider).WithTags("Mailbox (default account)").MapMailboxOperations("Default");

        var accounts = api.MapGroup($"{provider}/accounts").WithTags("Accounts");
        accounts.MapGet("/", AccountsApi.ListAccounts).WithName("ListAccounts").WithSummary("Accounts of the tenant with their status");
        var account = accounts.MapGroup("/{account}").MapMailboxOperations("Account");
        account.MapDelete("/", AccountsApi.Disconnect).WithName("Disconnect").WithSummary("Disconnect: revoke at the provider and delete tokens");
        account.MapConnectLink();

        app.MapProductHealthEndpoints();
        return app;
    }
}
