namespace AiCaller.Email.ProviderEmulator.Graph;

/// <summary>An email address as Graph writes it inside <c>emailAddress</c>.</summary>
public sealed record GraphRecipient(string? Name, string Address);

/// <summary>A file attachment, content kept as bytes.</summary>
public sealed record GraphAttachment(string Id, string Name, string ContentType, byte[] Content, bool IsInline, string? ContentId,
    DateTimeOffset LastModified);

/// <summary>
/// A message as an Exchange mailbox keeps it for Graph. The body is stored in the form it came in
/// (<see cref="BodyType"/> text or html); <see cref="TextBody"/> is its plain-text form for previews and
/// <c>Prefer: outlook.body-content-type="text"</c>.
/// </summary>
public sealed record GraphMessage(
    long Sequence,
    string Id,
    string ConversationId,
    string Folder,
    string Subject,
    string BodyType,
    string BodyContent,
    string TextBody,
    GraphRecipient? From,
    IReadOnlyList<GraphRecipient> To,
    IReadOnlyList<GraphRecipient> Cc,
    IReadOnlyList<GraphRecipient> Bcc,
    IReadOnlyList<GraphRecipient> ReplyTo,
    DateTimeOffset Created,
    DateTimeOffset LastModified,
    DateTimeOffset Received,
    DateTimeOffset Sent,
    bool IsRead,
    bool IsDraft,
    string Importance,
    string InternetMessageId,
    IReadOnlyList<GraphAttachment> Attachments,
    int Version)
{
    /// <summary>Single-value extended properties, which Graph shows only when asked for by id with <c>$expand</c>.</summary>
    public IReadOnlyList<GraphExtendedProperty> ExtendedProperties { get; init; } = [];

    public bool HasAttachments => Attachments.Any(a => !a.IsInline);

    public IEnumerable<GraphRecipient> AllRecipients => To.Concat(Cc).Concat(Bcc);
}
