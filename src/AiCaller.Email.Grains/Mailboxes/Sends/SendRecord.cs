using AiCaller.Email.Grains.Mail;

namespace AiCaller.Email.Grains.Mailboxes.Sends;

public enum SendOutcome
{
    /// <summary>Recorded before the provider was called; whether the message went out is not known yet.</summary>
    Pending,

    /// <summary>The provider took the message; <see cref="SendRecord.Result"/> is what it answered.</summary>
    Sent,
}

/// <summary>
/// A send made with an Idempotency-Key: the hash of its payload, the marker that lets the provider find the message
/// again, and, once known, the provider's answer.
/// </summary>
public sealed record SendRecord(
    string IdempotencyKey,
    string PayloadHash,
    string Marker,
    SendOutcome Outcome,
    SendResult? Result,
    DateTimeOffset CreatedAt,
    DateTimeOffset AttemptedAt);
