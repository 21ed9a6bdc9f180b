namespace AiCaller.Email.Grains.Providers.Gmail;

// Gmail v1 REST shapes, as far as we read them. Property names follow the wire (camelCase via web JSON defaults).

public sealed record GmailProfile(string EmailAddress);

public sealed record GmailMessageRef(string Id, string? ThreadId);

public sealed record GmailMessageList(List<GmailMessageRef>? Messages, string? NextPageToken, long? ResultSizeEstimate);

public sealed record GmailMessage(
    string Id,
    string? ThreadId,
    List<string>? LabelIds,
    string? Snippet,
    string? InternalDate,
    GmailMessagePart? Payload);

public sealed record GmailMessagePart(
    string? PartId,
    string? MimeType,
    string? Filename,
    List<GmailHeader>? Headers,
    GmailPartBody? Body,
    List<GmailMessagePart>? Parts);

public sealed record GmailHeader(string Name, string Value);

public sealed record GmailPartBody(string? AttachmentId, long Size, string? Data);

public sealed record GmailErrorEnvelope(GmailError? Error);

public sealed record GmailError(int Code, string? Message, string? Status, List<GmailErrorItem>? Errors);

public sealed record GmailErrorItem(string? Reason, string? Message, string? Domain);
