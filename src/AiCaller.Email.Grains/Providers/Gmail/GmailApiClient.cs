using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using AiCaller.Email.Grains.Mailboxes;
using AiCaller.Email.Grains.Providers.Http;
using AiCaller.Email.Grains.Providers.Resilience;
using Microsoft.Extensions.Options;
using Polly;

namespace AiCaller.Email.Grains.Providers.Gmail;

/// <summary>
/// Our typed client for the Gmail v1 REST API (Google.Apis.Gmail.v1 is not available here). Retries of
/// throttled and failed calls are the resilience handler's job, but for the calls inside a batch, which it cannot see;
/// what is left goes to <see cref="ProviderFailure"/> with Google's error reason.
/// </summary>
public sealed partial class GmailApiClient(HttpClient http, IOptions<ProviderRetryOptions> retryOptions)
{
    private const string UserPath = "gmail/v1/users/me";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly ProviderRetryOptions _retry = retryOptions.Value;
    private readonly ResiliencePipeline<HttpResponseMessage?> _innerRetry = ProviderRetryStrategy.CreateForInnerReads(retryOptions.Value);

    public Task<GmailProfile> GetProfileAsync(string accessToken, CancellationToken cancellationToken) =>
        SendAsync<GmailProfile>(new HttpRequestMessage(HttpMethod.Get, $"{UserPath}/profile"), accessToken, cancellationToken);

    public Task<GmailMessageList> ListMessagesAsync(
        string accessToken, string? query, int maxResults, string? pageToken, CancellationToken cancellationToken)
    {
        var url = $"{UserPath}/messages?maxResults={maxResults}";
        if (!string.IsNullOrEmpty(query))
        {
            url += "&q=" + Uri.EscapeDataString(query);
        }

        if (!string.IsNullOrEmpty(pageToken))
        {
            url += "&pageToken=" + Uri.EscapeDataString(pageToken);
        }

        return SendAsync<GmailMessageList>(new HttpRequestMessage(HttpMethod.Get, url), accessToken, cancellationToken);
    }

    public Task<GmailMessage> GetMessageAsync(
        string accessToken, string id, string format, IEnumerable<string> metadataHeaders, CancellationToken cancellationToken) =>
        SendAsync<GmailMessage>(new HttpRequestMessage(HttpMethod.Get, MessageUrl(id, format, metadataHeaders)), accessToken, cancellationToken);

    /// <summary>Sends a whole RFC 5322 message through the media upload endpoint (no base64 inflation).</summary>
    public Task<GmailMessage> SendRawAsync(string accessToken, byte[] mime, CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "upload/gmail/v1/users/me/messages/send?uploadType=media")
        {
            Content = new ByteArrayContent(mime) { Headers = { ContentType = new MediaTypeHeaderValue("message/rfc822") } },
        };
        return SendAsync<GmailMessage>(request, accessToken, cancellationToken);
    }

    private static string MessageUrl(string id, string format, IEnumerable<string> metadataHeaders) =>
        $"{UserPath}/messages/{Uri.EscapeDataString(id)}?format={format}"
        + string.Concat(metadataHeaders.Select(h => "&metadataHeaders=" + Uri.EscapeDataString(h)));

    private Task<T> SendAsync<T>(HttpRequestMessage request, string accessToken, CancellationToken cancellationToken) =>
        SendAsync(request, accessToken, (response, ct) => ReadAsync<T>(IsSend(request), response, ct), cancellationToken);

    private async Task<T> SendAsync<T>(
        HttpRequestMessage request, string accessToken, Func<HttpResponseMessage, CancellationToken, Task<T>> read, CancellationToken cancellationToken)
    {
        using (request)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
            try
            {
                using var response = await http.SendAsync(request, cancellationToken);
                return await read(response, cancellationToken);
            }
            catch (Exception e) when (e is HttpRequestException or IOException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                throw ProviderFailure.OfTransport(ProviderName.Gmail, e, IsSend(request));
            }
        }
    }

    /// <summary>A response's JSON, or the problem its status means; also used for each inner answer of a batch.</summary>
    private static async Task<T> ReadAsync<T>(bool send, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw await FailureAsync(response, send, cancellationToken);
        }

        try
        {
            return await response.Content.ReadFromJsonAsync<T>(Json, cancellationToken)
                ?? throw new JsonException("the body is JSON null");
        }
        catch (JsonException e)
        {
            throw ProviderFailure.OfUnreadableAnswer(ProviderName.Gmail, (int)response.StatusCode, "the JSON it sends", e, send);
        }
    }

    // Only messages.send changes anything at Gmail; every other call, the batch of GETs included, is a read.
    private static bool IsSend(HttpRequestMessage request) => !request.IsReadOnly();

    /// <summary>The problem a failing answer means, from Google's error envelope when it has one.</summary>
    private static async Task<Exception> FailureAsync(HttpResponseMessage response, bool send, CancellationToken cancellationToken)
    {
        GmailError? error = null;
        try
        {
            error = (await response.Content.ReadFromJsonAsync<GmailErrorEnvelope>(Json, cancellationToken))?.Error;
        }
        catch (JsonException)
        {
            // Not Google's envelope (a proxy's page, say): the status code alone decides.
        }

        return ProviderFailure.OfStatus(
            ProviderName.Gmail,
            (int)response.StatusCode,
            error?.Errors?.FirstOrDefault()?.Reason ?? error?.Status,
            error?.Message ?? response.ReasonPhrase,
            RetryAfter.Of(response),
            send);
    }
}
