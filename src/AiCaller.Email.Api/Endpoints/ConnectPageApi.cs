using AiCaller.Email.Api.ConnectPage;

namespace AiCaller.Email.Api.Endpoints;

/// <summary>
/// The connect page at <c>/</c>: plain HTML with a little JavaScript that lists the tenant's mailboxes and connects,
/// reconnects and disconnects them through the API. The page holds no data and is served without a key; every call it
/// makes carries the key the operator typed in (kept in sessionStorage only).
/// </summary>
public static class ConnectPageApi
{
    public static IEndpointRouteBuilder MapConnectPage(this IEndpointRouteBuilder app)
    {
        var assets = ConnectPageAssets.Load();
        app.MapGet("/", () => assets.Serve("index.html")).AllowAnonymous().ExcludeFromDescription();
        app.MapGet("/connect-page/app.js", () => assets.Serve("app.js")).AllowAnonymous().ExcludeFromDescription();
        app.MapGet("/connect-page/app.css", () => assets.Serve("app.css")).AllowAnonymous().ExcludeFromDescription();
        return app;
    }
}
