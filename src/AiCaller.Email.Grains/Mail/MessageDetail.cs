namespace AiCaller.Email.Grains.Mail;

[GenerateSerializer, Immutable, Alias("AiCaller.Email.MessageDetail")]
public sealed record MessageDetail(
    string Id,
    string? ThreadId,
    string? Subject,
    string? From,
    string? To,
    string? Cc,
    DateTimeOffset? Date,
    string? Snippet,
    string? Body,
    string? BodyHtml,
    IReadOnlyList<string> Labels,
    bool IsRead,
    IReadOnlyList<AttachmentInfo> Attachments);

[GenerateSerializer, Immutable, Alias("AiCaller.Email.AttachmentInfo")]
public sealed record AttachmentInfo(string Id, string Filename, string ContentType, long Size);
