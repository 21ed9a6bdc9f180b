using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Template;

namespace AiCaller.Email.Grains.Telemetry;

/// <summary>
/// What HTTP spans must not carry: query strings, and paths that are secrets. An OAuth callback's query holds the
/// authorization code, Google's revoke URL the token, and a page token is the provider's cursor into a mailbox; the
/// instrumentations only mask query values, so the query goes. A connect link's path is its token: such a request's span
/// shows the route (<c>/connect/{token}</c>) instead. Headers are never recorded (no Authorization, no API key).
/// </summary>
public sealed class SpanRedaction(IEnumerable<string> secretRoutes)
{
    public const string UrlPath = "url.path";
    public const string UrlQuery = "url.query";
    public const string UrlFull = "url.full";

    private readonly (string Route, TemplateMatcher Matcher)[] _secretRoutes = secretRoutes
        .Select(route => (route, new TemplateMatcher(TemplateParser.Parse(route), new RouteValueDictionary())))
        .ToArray();

    /// <summary>For ASP.NET Core's span of an incoming request, as it starts: no query.</summary>
    public static void IncomingRequest(Activity activity, HttpRequest request) => activity.SetTag(UrlQuery, null);

    /// <summary>
    /// As the request ends, its route known: the path of a secret route is shown as the route. A request that matched no
    /// route of ours (a wrong method, say) is judged by its path alone.
    /// </summary>
    public void IncomingResponse(Activity activity, HttpResponse response)
    {
        var secret = response.HttpContext.GetEndpoint() is RouteEndpoint { RoutePattern.RawText: { } route }
            ? _secretRoutes.FirstOrDefault(secret => SameRoute(secret.Route, route)).Route
            : _secretRoutes.FirstOrDefault(secret => secret.Matcher.TryMatch(response.HttpContext.Request.Path, [])).Route;
        if (secret is not null)
        {
            activity.SetTag(UrlPath, secret);
        }
    }

    /// <summary>For HttpClient's span of a request to a provider: scheme, host, port and path, no user info or query.</summary>
    public static void OutgoingRequest(Activity activity, HttpRequestMessage request)
    {
        if (request.RequestUri is { IsAbsoluteUri: true } uri)
        {
            activity.SetTag(UrlFull, WithoutQuery(uri));
        }

        activity.SetTag(UrlQuery, null);
    }

    public static string WithoutQuery(Uri uri) =>
        uri.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped);

    private static bool SameRoute(string one, string other) => one.Trim('/').Equals(other.Trim('/'), StringComparison.OrdinalIgnoreCase);
}
