using System.Net;
using System.Text.Json;
using AiCaller.Email.Grains.Mailboxes;
using AiCaller.Email.Grains.Problems;
using AiCaller.Email.Grains.Providers.Resilience;
using Microsoft.Graph;
using Microsoft.Graph.Models.ODataErrors;
using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Abstractions.Authentication;
using Microsoft.Extensions.Options;

namespace AiCaller.Email.Grains.Providers.Outlook;

/// <summary>
/// Graph SDK clients for one access token each (the grain hands out a fresh token per call), on our HTTP
/// pipeline and retry policy, and the one mapping of Graph's errors to problems.
/// </summary>
public sealed class GraphCalls(IHttpClientFactory httpClients, IOptions<OutlookOptions> options)
{
    public const string HttpClientName = "graph";

    public GraphServiceClient ClientFor(string accessToken) => new(
        httpClients.CreateClient(HttpClientName),
        new BaseBearerTokenAuthenticationProvider(new FixedAccessToken(accessToken)),
        options.Value.GraphBaseUrl.TrimEnd('/'));

    /// <param name="sends">True for a call that sends mail: a failure after the request may have arrived is then an unknown outcome.</param>
    public async Task<T> RunAsync<T>(string accessToken, Func<GraphServiceClient, Task<T>> call, bool sends = false)
    {
        try
        {
            return await call(ClientFor(accessToken));
        }
        catch (ODataError e)
        {
            throw Map(e.ResponseStatusCode, e.Error?.Code, e.Error?.Message ?? e.Message, e.ResponseHeaders, sends);
        }
        catch (ApiException e)
        {
            throw Map(e.ResponseStatusCode, null, e.Message, e.ResponseHeaders, sends);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            // Graph answered 2xx, but the SDK could not read the body: not JSON (Kiota has no parser for its content type)
            // or not valid JSON. A proxy's or captive portal's page looks like this; it is the provider side's failure.
            throw new MailboxProblemException(ProblemCode.ProviderError,
                $"Microsoft Graph answered with a body that is not the JSON it sends ({e.Message})");
        }
        catch (Exception e) when (e is HttpRequestException or IOException or TaskCanceledException)
        {
            throw sends && RequestDelivery.MayHaveArrived(e)
                ? ProviderMessages.SendOutcomeUnknown(ProviderName.Outlook, $"The connection to Microsoft Graph failed during the send ({e.Message})")
                : new MailboxProblemException(ProblemCode.ProviderError, $"Microsoft Graph could not be reached: {e.Message}");
        }
    }

    private static Exception Map(int status, string? code, string message, IDictionary<string, IEnumerable<string>> headers, bool sends)
    {
        var detail = $"Graph {status} {code ?? "error"}: {message}";
        if (sends && status >= 500)
        {
            return ProviderMessages.SendOutcomeUnknown(ProviderName.Outlook, detail);
        }

        return (HttpStatusCode)status switch
        {
            HttpStatusCode.Unauthorized => new ProviderUnauthorizedException(detail),
            HttpStatusCode.NotFound => new MailboxProblemException(ProblemCode.NotFound, detail),
            HttpStatusCode.BadRequest when code is "ErrorInvalidIdMalformed" => new MailboxProblemException(ProblemCode.NotFound, detail),
            HttpStatusCode.BadRequest => new MailboxProblemException(ProblemCode.InvalidRequest, detail),
            HttpStatusCode.RequestEntityTooLarge => new MailboxProblemException(ProblemCode.TooLarge, detail),
            HttpStatusCode.TooManyRequests => new MailboxProblemException(ProblemCode.RateLimited, detail, RetryAfterSeconds(headers)),
            _ => new MailboxProblemException(ProblemCode.ProviderError, detail),
        };
    }

    private static int RetryAfterSeconds(IDictionary<string, IEnumerable<string>> headers)
    {
        var value = headers.FirstOrDefault(h => h.Key.Equals("Retry-After", StringComparison.OrdinalIgnoreCase)).Value?.FirstOrDefault();
        return int.TryParse(value, out var seconds) && seconds > 0 ? seconds : 30;
    }

    private sealed class FixedAccessToken(string accessToken) : IAccessTokenProvider
    {
        // Empty: every host, so the emulator on loopback gets the header too (the SDK's own list covers Graph's hosts only).
        public AllowedHostsValidator AllowedHostsValidator { get; } = new();

        public Task<string> GetAuthorizationTokenAsync(
            Uri uri, Dictionary<string, object>? additionalAuthenticationContext = null, CancellationToken cancellationToken = default) =>
            Task.FromResult(accessToken);
    }
}
