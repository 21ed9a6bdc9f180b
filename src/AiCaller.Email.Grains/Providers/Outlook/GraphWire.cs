using System.Text.Json.Serialization;

namespace AiCaller.Email.Grains.Providers.Outlook;

// Graph v1.0 shapes of the responses we read on the hot paths (messages, their pages and attachments), as far as we
// read them. Read with System.Text.Json's generated code instead of the SDK's models: see GraphJsonContext.

public sealed record GraphEmailAddress(string? Name, string? Address);

public sealed record GraphRecipient(GraphEmailAddress? EmailAddress);

public sealed record GraphItemBody(string? ContentType, string? Content)
{
    public bool IsHtml => string.Equals(ContentType, "html", StringComparison.OrdinalIgnoreCase);
}

public sealed record GraphMessage(
    string? Id,
    string? ConversationId,
    string? Subject,
    GraphRecipient? From,
    List<GraphRecipient>? ToRecipients,
    List<GraphRecipient>? CcRecipients,
    DateTimeOffset? ReceivedDateTime,
    string? BodyPreview,
    GraphItemBody? Body,
    List<string>? Categories,
    bool? IsRead,
    bool? HasAttachments);

public sealed record GraphMessagePage(
    List<GraphMessage>? Value,
    [property: JsonPropertyName("@odata.nextLink")] string? NextLink);

public sealed record GraphAttachment(string? Id, string? Name, string? ContentType, long? Size);

public sealed record GraphAttachmentPage(List<GraphAttachment>? Value);
