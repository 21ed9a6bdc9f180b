namespace AiCaller.Email.Grains.Mail;

/// <summary>The provider's id for the sent message; null where the provider returns none (Graph's sendMail).</summary>
[GenerateSerializer, Immutable, Alias("AiCaller.Email.SendResult")]
public sealed record SendResult(string? Id, string? ThreadId);
