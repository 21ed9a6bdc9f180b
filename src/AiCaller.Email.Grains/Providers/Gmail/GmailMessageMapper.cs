using System.Buffers.Text;
using System.Net;
using System.Text;
using AiCaller.Email.Grains.Mail;

namespace AiCaller.Email.Grains.Providers.Gmail;

/// <summary>Gmail's message resource to our summary and detail records.</summary>
public static class GmailMessageMapper
{
    public static readonly string[] SummaryHeaders = ["Subject", "From", "To", "Date"];

    public static MessageSummary ToSummary(GmailMessage message) => new(
        message.Id,
        message.ThreadId,
        Header(message.Payload, "Subject"),
        Header(message.Payload, "From"),
        Header(message.Payload, "To"),
        DateOf(message),
        Snippet(message),
        IsRead(message));

    public static MessageDetail ToDetail(GmailMessage message)
    {
        var parts = new PartWalk();
        parts.Visit(message.Payload);
        return new MessageDetail(
            message.Id,
            message.ThreadId,
            Header(message.Payload, "Subject"),
            Header(message.Payload, "From"),
            Header(message.Payload, "To"),
            Header(message.Payload, "Cc"),
            DateOf(message),
            Snippet(message),
            parts.Text,
            parts.Html,
            message.LabelIds ?? [],
            IsRead(message),
            parts.Attachments);
    }

    /// <summary>The first header of that name on the message, whatever its case, or null.</summary>
    public static string? Header(GmailMessage message, string name) => Header(message.Payload, name);

    private static string? Header(GmailMessagePart? part, string name) =>
        part?.Headers?.FirstOrDefault(h => string.Equals(h.Name, name, StringComparison.OrdinalIgnoreCase))?.Value;

    private static bool IsRead(GmailMessage message) => !(message.LabelIds?.Contains("UNREAD") ?? false);

    // Gmail HTML-escapes snippets ("&#39;"); our clients get plain text.
    private static string? Snippet(GmailMessage message) => message.Snippet is null ? null : WebUtility.HtmlDecode(message.Snippet);

    private static DateTimeOffset? DateOf(GmailMessage message) =>
        long.TryParse(message.InternalDate, out var epochMs) ? DateTimeOffset.FromUnixTimeMilliseconds(epochMs) : null;

    /// <summary>Collects the first text and html bodies and every attachment of a part tree.</summary>
    private sealed class PartWalk
    {
        public string? Text { get; private set; }

        public string? Html { get; private set; }

        public List<AttachmentInfo> Attachments { get; } = [];

        public void Visit(GmailMessagePart? part)
        {
            if (part is null)
            {
                return;
            }

            var mimeType = part.MimeType ?? "application/octet-stream";
            if (!string.IsNullOrEmpty(part.Filename) || part.Body?.AttachmentId is not null)
            {
                Attachments.Add(new AttachmentInfo(
                    part.Body?.AttachmentId ?? part.PartId ?? string.Empty,
                    part.Filename ?? string.Empty,
                    mimeType,
                    part.Body?.Size ?? 0));
            }
            else if (mimeType.Equals("text/plain", StringComparison.OrdinalIgnoreCase))
            {
                Text ??= Decode(part);
            }
            else if (mimeType.Equals("text/html", StringComparison.OrdinalIgnoreCase))
            {
                Html ??= Decode(part);
            }

            foreach (var child in part.Parts ?? [])
            {
                Visit(child);
            }
        }

        private static string? Decode(GmailMessagePart part)
        {
            if (part.Body?.Data is not { } data)
            {
                return null;
            }

            // Gmail sends base64url padded (raw) and unpadded (part data); Base64Url takes either.
            return CharsetOf(part).GetString(Base64Url.DecodeFromChars(data));
        }

        private static Encoding CharsetOf(GmailMessagePart part)
        {
            var contentType = Header(part, "Content-Type");
            if (contentType is not null && MimeKit.ContentType.TryParse(contentType, out var parsed) && parsed.CharsetEncoding is { } encoding)
            {
                return encoding;
            }

            return Encoding.UTF8;
        }
    }
}
