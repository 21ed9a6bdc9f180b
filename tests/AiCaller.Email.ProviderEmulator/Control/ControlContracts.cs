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

/// <summary>Makes a Microsoft user a personal (outlook.com) account, or a work account again.</summary>
public sealed record PersonalAccountRequest(bool Personal);

/// <summary>
/// A message to put in a user's Graph mailbox. With both bodies the message is HTML and <see cref="BodyText"/> is its
/// plain-text form (what <c>Prefer: outlook.body-content-type="text"</c> returns). Folder is a well-known name.
/// </summary>
public sealed record GraphSeedMessageRequest(
    string From,
    IReadOnlyList<string> To,
    string Subject,
    string? BodyText = null,
    string? BodyHtml = null,
    IReadOnlyList<string>? Cc = null,
    DateTimeOffset? Date = null,
    bool IsRead = false,
    IReadOnlyList<SeedAttachment>? Attachments = null,
    string Folder = "inbox",
    string? InternetMessageId = null);

public sealed record SeededGraphMessage(string Id, string ConversationId);

/// <summary>
/// One send the product made through Graph. <see cref="Via"/> is <c>sendMail</c> or <c>draft</c> (created with
/// POST /messages, then POST /messages/{id}/send). <see cref="RequestJson"/> is the sendMail body or the draft's creation
/// body exactly as received; <see cref="SendRequestJson"/> the /send call's body (usually empty). <see cref="Message"/>
/// is the resulting message in Graph's JSON, with all its single-value extended properties; <see cref="MessageId"/> its
/// id in Sent Items, null when not saved there.
/// </summary>
public sealed record GraphSentMessage(
    string Via,
    string RequestJson,
    string? SendRequestJson,
    bool SavedToSentItems,
    string? MessageId,
    System.Text.Json.JsonElement Message);

/// <summary>
/// Every credential the emulator handed out for one user: authorization codes, access tokens and refresh tokens, so that a
/// test can look for each of them wherever the product must not leave them.
/// </summary>
public sealed record IssuedCredentials(IReadOnlyList<string> Codes, IReadOnlyList<string> AccessTokens, IReadOnlyList<string> RefreshTokens)
{
    [System.Text.Json.Serialization.JsonIgnore]
    public IEnumerable<string> All => Codes.Concat(AccessTokens).Concat(RefreshTokens);
}
