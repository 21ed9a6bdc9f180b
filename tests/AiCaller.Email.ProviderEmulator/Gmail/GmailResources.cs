namespace AiCaller.Email.ProviderEmulator.Gmail;

// Gmail v1 resources as they go over the wire (camelCase, absent members omitted, int64 values as strings).

public sealed record MessageRef(string Id, string ThreadId);

public sealed record ListMessagesResponse(IReadOnlyList<MessageRef>? Messages, string? NextPageToken, int ResultSizeEstimate);

public sealed record GmailMessage(
    string Id,
    string ThreadId,
    IReadOnlyList<string> LabelIds,
    string? Snippet = null,
    string? HistoryId = null,
    string? InternalDate = null,
    int? SizeEstimate = null,
    string? Raw = null,
    MessagePart? Payload = null);

public sealed record MessagePart(
    string? PartId,
    string MimeType,
    string? Filename,
    IReadOnlyList<MessagePartHeader> Headers,
    MessagePartBody? Body,
    IReadOnlyList<MessagePart>? Parts);

public sealed record MessagePartHeader(string Name, string Value);

/// <summary>A part's body; also the whole answer of users.messages.attachments.get.</summary>
public sealed record MessagePartBody(string? AttachmentId, int Size, string? Data);

public sealed record Profile(string EmailAddress, int MessagesTotal, int ThreadsTotal, string HistoryId);

public sealed record SendMessageRequest(string? Raw, string? ThreadId);

public sealed record HistoryResponse(IReadOnlyList<HistoryEntry>? History, string? NextPageToken, string HistoryId);

public sealed record HistoryEntry(string Id, IReadOnlyList<MessageRef> Messages, IReadOnlyList<MessageAdded>? MessagesAdded);

public sealed record MessageAdded(GmailMessage Message);
