using System.Text;
using System.Text.Json;
using AiCaller.Email.Grains.Providers.Gmail;

namespace AiCaller.Email.Benchmarks.Hosting;

/// <summary>
/// What Gmail's batch endpoint answers to the product's batch for the canned list of 10: multipart/mixed under a
/// boundary of Google's kind ('=' in it, unquoted), one <c>application/http</c> part per listed message in the list's
/// order, each named <c>response-</c> and the Content-ID the product gives the call at that place, and holding the
/// canned metadata with that message's id. Static, because the product's Content-IDs depend only on the place.
/// </summary>
public static class CannedBatchAnswer
{
    public const string FileName = "gmail-batch-metadata.multipart";

    private const string Boundary = "batch_c4nNedLi5tQ=_AAbEnchMarkQ=";

    public const string ContentType = "multipart/mixed; boundary=" + Boundary;

    public static byte[] Build()
    {
        var metadata = CannedAnswers.Read(CannedAnswers.GmailMessageMetadata);
        var text = new StringBuilder();
        foreach (var (id, index) in ListedIds().Select((id, index) => (id, index)))
        {
            var json = metadata.Replace(CannedAnswers.GmailMessageId, id, StringComparison.Ordinal);
            text.Append($"--{Boundary}\r\nContent-Type: application/http\r\nContent-ID: <response-{GmailBatchWire.ContentId(index)}>\r\n\r\n")
                .Append("HTTP/1.1 200 OK\r\nContent-Type: application/json; charset=UTF-8\r\nVary: Origin\r\nVary: X-Origin\r\nVary: Referer\r\n")
                .Append($"Content-Length: {Encoding.UTF8.GetByteCount(json)}\r\n\r\n")
                .Append(json)
                .Append("\r\n");
        }

        text.Append($"--{Boundary}--\r\n");
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    private static IEnumerable<string> ListedIds()
    {
        using var list = JsonDocument.Parse(CannedAnswers.Read(CannedAnswers.GmailMessagesList10));
        return list.RootElement.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("id").GetString()!).ToList();
    }
}
