namespace AiCaller.Email.Grains.Mail;

/// <summary>A message to send, already validated by the API: addresses parse, no header contains CR or LF.</summary>
[GenerateSerializer, Immutable, Alias("AiCaller.Email.SendMailRequest")]
public sealed record SendMailRequest(
    IReadOnlyList<string> To,
    IReadOnlyList<string> Cc,
    IReadOnlyList<string> Bcc,
    string Subject,
    string? Body,
    string? BodyHtml,
    string? ReplyTo,
    IReadOnlyList<OutgoingAttachment> Attachments);

[GenerateSerializer, Immutable, Alias("AiCaller.Email.OutgoingAttachment")]
public sealed record OutgoingAttachment(string FileName, string ContentType, byte[] Content);
