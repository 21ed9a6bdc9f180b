namespace AiCaller.Email.Grains.Mail;

[GenerateSerializer, Immutable, Alias("AiCaller.Email.MessageList")]
public sealed record MessageList(IReadOnlyList<MessageSummary> Messages, string? NextPageToken);

[GenerateSerializer, Immutable, Alias("AiCaller.Email.MessageSummary")]
public sealed record MessageSummary(
    string Id,
    string? ThreadId,
    string? Subject,
    string? From,
    string? To,
    DateTimeOffset? Date,
    string? Snippet,
    bool IsRead);
