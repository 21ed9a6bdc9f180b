using AiCaller.Email.ProviderEmulator.Google;

namespace AiCaller.Email.ProviderEmulator.Gmail;

/// <summary>Who is calling Gmail: the mailbox and scopes behind a valid bearer token.</summary>
public sealed record GmailCaller(Mailbox Mailbox, IReadOnlyList<string> Scopes)
{
    /// <summary>True when the token carries only gmail.metadata, which forbids search and message bodies.</summary>
    public bool MetadataOnly => !GoogleScopes.AnyOf(Scopes, GoogleScopes.ForRead) && Scopes.Contains(GoogleScopes.Metadata);
}
