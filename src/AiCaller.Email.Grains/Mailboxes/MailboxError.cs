namespace AiCaller.Email.Grains.Mailboxes;

/// <summary>Why a mailbox is not connected: a problem code, the provider's message, and when it happened.</summary>
[GenerateSerializer, Immutable, Alias("AiCaller.Email.MailboxError")]
public sealed record MailboxError(string Code, string Message, DateTimeOffset At);
