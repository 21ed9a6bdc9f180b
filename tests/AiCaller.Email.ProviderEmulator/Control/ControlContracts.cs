namespace AiCaller.Email.ProviderEmulator.Control;

// Bodies of the /_emulator control endpoints, shared by the server and EmulatorControlClient.

public sealed record TokenLifetimeRequest(int Seconds);

public sealed record ClientSecretRequest(string ClientSecret);

/// <summary>A message to put in a user's mailbox. Labels default to INBOX and UNREAD.</summary>
public sealed record SeedMessageRequest(
    string From,
    IReadOnlyList<string> To,
    string Subject,
    string? BodyText = null,
    string? BodyHtml = null,
    IReadOnlyList<string>? Cc = null,
    DateTimeOffset? Date = null,
    IReadOnlyList<string>? Labels = null,
    IReadOnlyList<SeedAttachment>? Attachments = null);

public sealed record SeedAttachment(string Filename, string ContentType, string ContentBase64);

public sealed record SeededMessage(string Id, string ThreadId);

/// <summary>A message the product sent, with its MIME bytes exactly as they arrived (standard base64).</summary>
public sealed record SentMessage(string Id, string ThreadId, string RawBase64)
{
    public byte[] RawBytes() => Convert.FromBase64String(RawBase64);
}
