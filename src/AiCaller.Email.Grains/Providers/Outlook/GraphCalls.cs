using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using AiCaller.Email.Grains.Mailboxes;
using AiCaller.Email.Grains.Providers.Http;
using Microsoft.Graph;
using Microsoft.Graph.Models.ODataErrors;
using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Abstractions.Authentication;
using Microsoft.Kiota.Abstractions.Serialization;
using Microsoft.Extensions.Options;

namespace AiCaller.Email.Grains.Providers.Outlook;

/// <summary>
/// One Graph SDK client on our HTTP pipeline and retry policy, which sends each call with the access token the grain
/// handed out for it; reads of the hot responses with generated JSON code; and Graph's errors, as the SDK throws them,
/// handed to the providers' one mapping of failures to problems.
/// </summary>
public sealed class GraphCalls
{
    public const string HttpClientName = "graph";

    // Graph's error body on any failing status, as the SDK's own request builders map it.
    private static readonly Dictionary<string, ParsableFactory<IParsable>> ErrorMapping =
        new() { ["XXX"] = ODataError.CreateFromDiscriminatorValue };

    private readonly CallAccessToken _accessToken = new();
    private readonly GraphServiceClient _client;

    public GraphCalls(IHttpClientFactory httpClients, IOptions<OutlookOptions> options)
    {
        // Built once: a client per call cost a request adapter, its serializer registries and an auth provider each time.
        _client = new GraphServiceClient(
            httpClients.CreateClient(HttpClientName),
            new BaseBearerTokenAuthenticationProvider(_accessToken),
            options.Value.GraphBaseUrl.TrimEnd('/'));
    }

    /// <param name="sends">True for a call that sends mail: a failure after the request may have arrived is then an unknown outcome.</param>
    public async Task<T> RunAsync<T>(string accessToken, Func<GraphServiceClient, Task<T>> call, bool sends = false)
    {
        try
        {
            // Flows into the SDK's call and no further: the value is restored when this method returns.
            _accessToken.Current = accessToken;
            return await call(_client);
        }
        catch (ODataError e)
        {
            throw Failure(e.ResponseStatusCode, e.Error?.Code, e.Error?.Message ?? e.Message, e.ResponseHeaders, sends);
        }
        catch (ApiException e)
        {
            throw Failure(e.ResponseStatusCode, null, e.Message, e.ResponseHeaders, sends);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            // Graph answered 2xx, but the SDK could not read the body: not JSON (Kiota has no parser for its content type)
            // or not valid JSON.
            throw ProviderFailure.OfUnreadableAnswer(ProviderName.Outlook, status: null, "the JSON it sends", e, sends);
        }
        catch (Exception e) when (e is HttpRequestException or IOException or TaskCanceledException)
        {
            throw ProviderFailure.OfTransport(ProviderName.Outlook, e, sends);
        }
    }

    /// <summary>
    /// Sends the request the SDK builds and reads its answer with generated JSON code; a failing status still arrives as
    /// the SDK's <see cref="ODataError"/>. Null when Graph answers without a body.
    /// </summary>
    public Task<T?> ReadAsync<T>(
        string accessToken, Func<GraphServiceClient, RequestInformation> request, JsonTypeInfo<T> answer, CancellationToken cancellationToken) =>
        RunAsync(accessToken, async graph =>
        {
            await using var body = await graph.RequestAdapter.SendPrimitiveAsync<Stream>(request(graph), ErrorMapping, cancellationToken);
            return body is null ? default : await JsonSerializer.DeserializeAsync(body, answer, cancellationToken);
        });

    private static Exception Failure(int status, string? code, string message, IDictionary<string, IEnumerable<string>> headers, bool sends)
    {
        var retryAfter = headers.FirstOrDefault(h => h.Key.Equals("Retry-After", StringComparison.OrdinalIgnoreCase)).Value?.FirstOrDefault();
        return ProviderFailure.OfStatus(ProviderName.Outlook, status, code, message, RetryAfter.Parse(retryAfter, DateTimeOffset.UtcNow), sends);
    }

    /// <summary>The access token of the call in progress on this async flow.</summary>
    private sealed class CallAccessToken : IAccessTokenProvider
    {
        private readonly AsyncLocal<string?> _current = new();

        public string? Current
        {
            set => _current.Value = value;
        }

        // Empty: every host, so the emulator on loopback gets the header too (the SDK's own list covers Graph's hosts only).
        public AllowedHostsValidator AllowedHostsValidator { get; } = new();

        public Task<string> GetAuthorizationTokenAsync(
            Uri uri, Dictionary<string, object>? additionalAuthenticationContext = null, CancellationToken cancellationToken = default) =>
            Task.FromResult(_current.Value ?? throw new InvalidOperationException("A Graph call was made outside GraphCalls.RunAsync"));
    }
}
