using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace AiCaller.Email.ProviderEmulator.Graph;

/// <summary>
/// How a message is shown: which properties ($select), which body form (Prefer), whether attachments are expanded and
/// which extended properties are.
/// </summary>
public sealed record GraphView(IReadOnlyList<string>? Select, string? PreferredBodyType, bool ExpandAttachments,
    ExtendedPropertyExpansion? ExtendedProperties = null);

/// <summary>Messages and attachments written as Graph v1.0 writes them, properties in Graph's order.</summary>
public static partial class GraphMessageJson
{
    private const int PreviewLength = 255;

    /// <summary>Every property of microsoft.graph.message Graph returns by default, in its order.</summary>
    public static readonly IReadOnlyList<string> Properties =
    [
        "id", "createdDateTime", "lastModifiedDateTime", "changeKey", "categories", "receivedDateTime", "sentDateTime",
        "hasAttachments", "internetMessageId", "subject", "bodyPreview", "importance", "parentFolderId", "conversationId",
        "conversationIndex", "isDeliveryReceiptRequested", "isReadReceiptRequested", "isRead", "isDraft", "webLink",
        "inferenceClassification", "body", "sender", "from", "toRecipients", "ccRecipients", "bccRecipients", "replyTo", "flag",
    ];

    /// <summary>The canonical name of a message property, matched without regard to case; null when there is none.</summary>
    public static string? Property(string name) =>
        Properties.Concat(["uniqueBody", "attachments"]).FirstOrDefault(p => p.Equals(name, StringComparison.OrdinalIgnoreCase));

    public static JsonObject Render(GraphMessage message, GraphMailbox mailbox, GraphView view, string attachmentsContext)
    {
        var json = new JsonObject { ["@odata.etag"] = $"W/\"{GraphIds.ChangeKey(message.Sequence, message.Version)}\"" };
        foreach (var property in Properties)
        {
            // Graph always returns id (and the etag) whatever $select says.
            if (property == "id" || view.Select is null || view.Select.Contains(property))
            {
                json[property] = Value(property, message, mailbox, view);
            }
        }

        if (view.Select?.Contains("uniqueBody") == true)
        {
            json["uniqueBody"] = Body(message, view.PreferredBodyType);
        }

        if (view.ExpandAttachments)
        {
            json["attachments@odata.context"] = attachmentsContext;
            json["attachments"] = new JsonArray(message.Attachments.Select(a => (JsonNode)Attachment(a)).ToArray());
        }

        if (view.ExtendedProperties is { } expansion
            && message.ExtendedProperties.Where(p => expansion.Shows(p.Id)).ToArray() is { Length: > 0 } shown)
        {
            json[ExtendedPropertyExpansion.Member] = new JsonArray(shown.Select(p => (JsonNode)p.ToJson()).ToArray());
        }

        return json;
    }

    public static JsonObject Attachment(GraphAttachment attachment) => new()
    {
        ["@odata.type"] = "#microsoft.graph.fileAttachment",
        ["@odata.mediaContentType"] = attachment.ContentType,
        ["id"] = attachment.Id,
        ["lastModifiedDateTime"] = GraphResponses.Date(attachment.LastModified),
        ["name"] = attachment.Name,
        ["contentType"] = attachment.ContentType,
        ["size"] = attachment.Content.Length,
        ["isInline"] = attachment.IsInline,
        ["contentId"] = attachment.ContentId,
        ["contentLocation"] = null,
        ["contentBytes"] = Convert.ToBase64String(attachment.Content),
    };

    /// <summary>The body's plain text, whitespace collapsed: what previews are cut from.</summary>
    public static string Preview(string text)
    {
        var flat = Whitespace().Replace(text, " ").Trim();
        return flat.Length > PreviewLength ? flat[..PreviewLength] : flat;
    }

    public static string HtmlToText(string html) =>
        WebUtility.HtmlDecode(Tags().Replace(LineBreaks().Replace(html, "\r\n"), "")).Trim();

    // Exchange wraps a text body converted to HTML in a full document, keeping line breaks.
    public static string TextToHtml(string text) =>
        "<html><head>\r\n<meta http-equiv=\"Content-Type\" content=\"text/html; charset=utf-8\"></head><body><div>"
        + WebUtility.HtmlEncode(text).Replace("\r\n", "\n").Replace("\n", "<br>\r\n") + "</div></body></html>";

    private static JsonNode? Value(string property, GraphMessage m, GraphMailbox mailbox, GraphView view) => property switch
    {
        "id" => m.Id,
        "createdDateTime" => GraphResponses.Date(m.Created),
        "lastModifiedDateTime" => GraphResponses.Date(m.LastModified),
        "changeKey" => GraphIds.ChangeKey(m.Sequence, m.Version),
        "categories" => new JsonArray(),
        "receivedDateTime" => GraphResponses.Date(m.Received),
        "sentDateTime" => GraphResponses.Date(m.Sent),
        "hasAttachments" => m.HasAttachments,
        "internetMessageId" => m.InternetMessageId,
        "subject" => m.Subject,
        "bodyPreview" => Preview(m.TextBody),
        "importance" => m.Importance,
        "parentFolderId" => GraphIds.Folder(mailbox.Id, m.Folder),
        "conversationId" => m.ConversationId,
        "conversationIndex" => Convert.ToBase64String(BitConverter.GetBytes(m.Sequence)),
        "isDeliveryReceiptRequested" => false,
        "isReadReceiptRequested" => false,
        "isRead" => m.IsRead,
        "isDraft" => m.IsDraft,
        "webLink" => $"https://outlook.office365.com/owa/?ItemID={Uri.EscapeDataString(m.Id)}&exvsurl=1&viewmodel=ReadMessageItem",
        "inferenceClassification" => "focused",
        "body" => Body(m, view.PreferredBodyType),
        "sender" or "from" => m.From is null ? null : Recipient(m.From),
        "toRecipients" => Recipients(m.To),
        "ccRecipients" => Recipients(m.Cc),
        "bccRecipients" => Recipients(m.Bcc),
        "replyTo" => Recipients(m.ReplyTo),
        "flag" => new JsonObject { ["flagStatus"] = "notFlagged" },
        _ => null,
    };

    private static JsonObject Body(GraphMessage m, string? preferred)
    {
        var (type, content) = (preferred, m.BodyType) switch
        {
            ("text", "html") => ("text", m.TextBody),
            ("html", "text") => ("html", TextToHtml(m.BodyContent)),
            _ => (m.BodyType, m.BodyContent),
        };
        return new JsonObject { ["contentType"] = type, ["content"] = content };
    }

    private static JsonObject Recipient(GraphRecipient r) =>
        new() { ["emailAddress"] = new JsonObject { ["name"] = r.Name ?? r.Address, ["address"] = r.Address } };

    private static JsonArray Recipients(IEnumerable<GraphRecipient> recipients) =>
        new(recipients.Select(r => (JsonNode)Recipient(r)).ToArray());

    [GeneratedRegex(@"<[^>]*>")]
    private static partial Regex Tags();

    [GeneratedRegex(@"<br\s*/?>|</p>|</div>", RegexOptions.IgnoreCase)]
    private static partial Regex LineBreaks();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
