using System.Net.Http.Headers;
using MimeKit;

namespace AiCaller.Email.Grains.Providers.Gmail;

/// <summary>
/// The body of a Gmail batch request and of its answer (developers.google.com/gmail/api/guides/batch): multipart/mixed,
/// one <c>application/http</c> part per call, each marked with a Content-ID that the answer's part repeats as
/// <c>response-</c> followed by it. Answers are matched by that, never by their place in the body.
/// </summary>
public static class GmailBatchWire
{
    private const string ResponsePrefix = "response-";

    /// <summary>
    /// The Content-ID (without angle brackets) of the call at <paramref name="index"/> of a batch: the same for the same
    /// place in every batch, so that a call asked again keeps its id and a canned answer can name it.
    /// </summary>
    public static string ContentId(int index) => $"item{index}";

    /// <summary>The multipart body for <paramref name="calls"/>, each a request given as its Content-ID (without angle brackets).</summary>
    public static MultipartContent Content(IEnumerable<(string ContentId, byte[] Request)> calls)
    {
        var body = new MultipartContent("mixed", "batch_" + Guid.NewGuid().ToString("N"));
        foreach (var (contentId, request) in calls)
        {
            var part = new ByteArrayContent(request);
            part.Headers.ContentType = new MediaTypeHeaderValue("application/http");
            part.Headers.TryAddWithoutValidation("Content-Transfer-Encoding", "binary");
            part.Headers.TryAddWithoutValidation("Content-ID", $"<{contentId}>");
            body.Add(part);
        }

        return body;
    }

    /// <summary>Each part of a batch answer by the Content-ID of the call it answers; parts that name no call are left out.</summary>
    /// <exception cref="FormatException">The body is not a multipart answer.</exception>
    public static async Task<IReadOnlyDictionary<string, byte[]>> AnswersAsync(HttpContent answer, CancellationToken cancellationToken)
    {
        // Read raw: Google's boundary holds '=' unquoted (batch_pK7JBAk73-E=_AA5eFwv4m2Q=), which the typed header refuses.
        var header = answer.Headers.TryGetValues("Content-Type", out var values) ? string.Join(", ", values) : null;
        if (header is null || !MimeKit.ContentType.TryParse(header, out var contentType) || !contentType.IsMimeType("multipart", "*"))
        {
            throw new FormatException($"its content type is {header ?? "missing"}, not multipart/mixed");
        }

        await using var stream = await answer.ReadAsStreamAsync(cancellationToken);
        var entity = await MimeEntity.LoadAsync(contentType, stream, cancellationToken);
        if (entity is not Multipart parts)
        {
            throw new FormatException("its body is not multipart");
        }

        var answers = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var part in parts.OfType<MimePart>())
        {
            if (CallOf(part.Headers[HeaderId.ContentId]) is not { } contentId || part.Content is null)
            {
                continue;
            }

            using var text = new MemoryStream();
            await part.Content.DecodeToAsync(text, cancellationToken);
            answers[contentId] = text.ToArray();
        }

        return answers;
    }

    // "<response-item3>" (or "response-item3") answers the call sent as "<item3>".
    private static string? CallOf(string? contentId)
    {
        var value = contentId?.Trim() ?? string.Empty;
        if (value.StartsWith('<') && value.EndsWith('>'))
        {
            value = value[1..^1];
        }

        return value.StartsWith(ResponsePrefix, StringComparison.Ordinal) && value.Length > ResponsePrefix.Length
            ? value[ResponsePrefix.Length..]
            : null;
    }
}
