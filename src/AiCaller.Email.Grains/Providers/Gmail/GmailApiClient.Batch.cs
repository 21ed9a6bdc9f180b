using System.Net;
using AiCaller.Email.Grains.Mailboxes;
using AiCaller.Email.Grains.Problems;
using AiCaller.Email.Grains.Providers.Http;
using AiCaller.Email.Grains.Providers.Resilience;

namespace AiCaller.Email.Grains.Providers.Gmail;

/// <summary>messages.get for many messages in one call to Gmail's batch endpoint.</summary>
public sealed partial class GmailApiClient
{
    private const string BatchPath = "batch/gmail/v1";

    /// <summary>
    /// messages.get for each message of <paramref name="batch"/> not answered yet, in one call to Gmail's batch endpoint
    /// (the outer Authorization applies to every inner call). A message Gmail no longer has (404) is answered with null.
    /// Inner calls Gmail throttled (429) or failed (5xx) are asked again, alone, as the retry strategy asks a direct
    /// read again; when they still fail the batch fails as that direct read would. An inner 401 throws
    /// <see cref="ProviderUnauthorizedException"/> with the answered messages kept, so that the call made again with a
    /// refreshed token asks only for the rest.
    /// </summary>
    public async Task<IReadOnlyList<GmailMessage?>> GetMessagesAsync(string accessToken, GmailMessageBatch batch, CancellationToken cancellationToken)
    {
        // An inner 429 or 5xx is retried here rather than failing the list: the per-message GETs this replaces were each
        // retried by the resilience handler, which cannot see inner answers inside the batch's 200.
        using var failed = await _innerRetry.ExecuteAsync(
            async ct => await AnswerPendingAsync(accessToken, batch, ct), cancellationToken);
        return failed is null ? batch.Messages : throw await FailureAsync(failed, send: false, cancellationToken);
    }

    /// <summary>
    /// One batch call for the messages still pending. Returns the inner answer that decides whether to ask again (429 or
    /// 5xx, the one with the longest Retry-After), or null when every message is answered.
    /// </summary>
    private async Task<HttpResponseMessage?> AnswerPendingAsync(string accessToken, GmailMessageBatch batch, CancellationToken cancellationToken)
    {
        var pending = batch.Pending;
        var calls = pending.Select(i => (ContentId: GmailBatchWire.ContentId(i), Request: ApplicationHttp.Request(HttpMethod.Get, InnerPath(batch, i)))).ToArray();
        var request = new HttpRequestMessage(HttpMethod.Post, BatchPath) { Content = GmailBatchWire.Content(calls) }.MarkReadOnly();
        var answers = await SendAsync(request, accessToken, ReadAnswersAsync, cancellationToken);

        var failures = new List<HttpResponseMessage>();
        foreach (var (index, contentId) in pending.Zip(calls.Select(c => c.ContentId)))
        {
            if (!answers.TryGetValue(contentId, out var text))
            {
                throw new MailboxProblemException(ProblemCode.ProviderError,
                    $"Gmail's batch answer has no part for message '{batch.Ids[index]}' (Content-ID response-{contentId})");
            }

            var answer = ParseInnerAnswer(text, batch.Ids[index]);
            if (answer.StatusCode == HttpStatusCode.NotFound)
            {
                // Deleted since it was listed.
                batch.Answer(index, null);
                answer.Dispose();
            }
            else if (answer.IsSuccessStatusCode)
            {
                using (answer)
                {
                    batch.Answer(index, await ReadAsync<GmailMessage>(send: false, answer, cancellationToken));
                }
            }
            else
            {
                failures.Add(answer);
            }
        }

        try
        {
            // The token is the outer request's, so one refusal stands for all; then anything not worth asking again.
            var decisive = failures.FirstOrDefault(f => f.StatusCode == HttpStatusCode.Unauthorized)
                ?? failures.FirstOrDefault(f => !ProviderRetryStrategy.ShouldRetryRead(f, _retry));
            if (decisive is not null)
            {
                throw await FailureAsync(decisive, send: false, cancellationToken);
            }

            var retry = failures.MaxBy(RetryAfter.Of);
            failures.Remove(retry!);
            return retry;
        }
        finally
        {
            failures.ForEach(f => f.Dispose());
        }
    }

    // The path as Gmail knows it, whatever prefix a proxy in GMAIL_API_BASE_URL adds: the inner calls are Gmail's to read.
    private static string InnerPath(GmailMessageBatch batch, int index) =>
        "/" + MessageUrl(batch.Ids[index], batch.Format, batch.MetadataHeaders);

    private static async Task<IReadOnlyDictionary<string, byte[]>> ReadAnswersAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw await FailureAsync(response, send: false, cancellationToken);
        }

        try
        {
            return await GmailBatchWire.AnswersAsync(response.Content, cancellationToken);
        }
        catch (Exception e) when (e is FormatException or MimeKit.ParseException)
        {
            throw ProviderFailure.OfUnreadableAnswer(ProviderName.Gmail, (int)response.StatusCode, "the multipart answer it sends", e, sends: false);
        }
    }

    private static HttpResponseMessage ParseInnerAnswer(byte[] text, string messageId)
    {
        try
        {
            return ApplicationHttp.ParseResponse(text);
        }
        catch (FormatException e)
        {
            throw new MailboxProblemException(ProblemCode.ProviderError,
                $"Gmail's batch answer for message '{messageId}' is not an HTTP response ({e.Message})");
        }
    }
}
