namespace AiCaller.Email.Grains.Mailboxes;

/// <summary>The provider URL the user opens to consent; its state parameter is single-use and bound to this mailbox.</summary>
[GenerateSerializer, Immutable, Alias("AiCaller.Email.ConnectStart")]
public sealed record ConnectStart(string AuthUrl, DateTimeOffset ExpiresAt);
