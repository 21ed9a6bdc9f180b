using AiCaller.Email.Api.Auth;
using AiCaller.Email.Api.Problems;

namespace AiCaller.Email.Api.Edge;

/// <summary>
/// In open mode (no API keys) only requests that name a loopback host are served. A web page whose DNS name is
/// rebound to 127.0.0.1 can make the operator's browser call this host, but the browser still sends the page's own
/// name as Host: refusing it keeps such a page away from the operator's mail.
/// </summary>
public static class OpenModeHostFilter
{
    private static readonly string[] LoopbackNames = ["localhost", "127.0.0.1", "[::1]"];

    public static IApplicationBuilder UseOpenModeHostFilter(this IApplicationBuilder app)
    {
        if (!app.ApplicationServices.GetRequiredService<ApiKeyRegistry>().IsOpen)
        {
            return app;
        }

        return app.Use(async (context, next) =>
        {
            if (IsLoopbackName(context.Request.Host))
            {
                await next(context);
                return;
            }

            await ProblemResponses.Invalid(
                    "Without API keys this host serves only requests addressed to localhost, 127.0.0.1 or [::1]; "
                    + "this request's Host header names another host. Use one of those names, or configure API_KEYS.")
                .ExecuteAsync(context);
        });
    }

    /// <summary>True for localhost, 127.0.0.1 and [::1], with any port.</summary>
    public static bool IsLoopbackName(HostString host) =>
        host.HasValue && LoopbackNames.Contains(host.Host, StringComparer.OrdinalIgnoreCase);
}
