using AiCaller.Email.Grains.Mail;

namespace AiCaller.Email.Grains.Mailboxes.Sends;

/// <summary>
/// A send made with an Idempotency-Key: the hash of its payload, the marker that lets the provider find the message
/// again, and, once known, the provider's answer. <see cref="UnknownSince"/> is when an attempt ended without telling
/// whether the provider took the message.
/// </summary>
public sealed record SendRecord(
    string IdempotencyKey,
    string PayloadHash,
    string Marker,
    SendOutcome Outcome,
    SendResult? Result,
    DateTimeOffset CreatedAt,
    DateTimeOffset AttemptedAt,
    DateTimeOffset? UnknownSince = null);
