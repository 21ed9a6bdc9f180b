using Microsoft.AspNetCore.Routing.Template;

namespace AiCaller.Email.ProviderEmulator.Gmail;

/// <summary>
/// The emulator's Gmail v1 endpoints, found by method and path as routing finds them for a direct call, so that a call
/// inside a batch runs exactly the endpoint a direct call would.
/// </summary>
public sealed class GmailRoutes(EndpointDataSource endpoints)
{
    private const string Prefix = "/gmail/v1/";
    private readonly Lazy<Route[]> _routes = new(() => endpoints.Endpoints.OfType<RouteEndpoint>()
        .Where(e => e.RoutePattern.RawText?.StartsWith(Prefix, StringComparison.Ordinal) == true)
        .Select(e => new Route(e, new RouteTemplate(e.RoutePattern)))
        .OrderBy(r => r.Endpoint.Order).ThenBy(r => RoutePrecedence.ComputeInbound(r.Template))
        .ToArray());

    public bool TryMatch(string method, PathString path, out RouteEndpoint? endpoint, out RouteValueDictionary values)
    {
        foreach (var route in _routes.Value)
        {
            values = [];
            var methods = route.Endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods;
            if ((methods is null || methods.Contains(method, StringComparer.OrdinalIgnoreCase))
                && new TemplateMatcher(route.Template, []).TryMatch(path, values))
            {
                endpoint = route.Endpoint;
                return true;
            }
        }

        endpoint = null;
        values = [];
        return false;
    }

    private sealed record Route(RouteEndpoint Endpoint, RouteTemplate Template);
}
