using AiCaller.Email.Grains.Mail;

namespace AiCaller.Email.Grains.Storage.Legacy;

/// <summary>A send record as the file-store release kept it inside the mailbox state.</summary>
internal sealed record LegacyIdempotencyRecord(string Key, string PayloadHash, SendResult Result, DateTimeOffset CreatedAt);
