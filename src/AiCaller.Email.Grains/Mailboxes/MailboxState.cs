using System.Text.Json.Serialization;
using AiCaller.Email.Grains.Providers;
using AiCaller.Email.Grains.Security;

namespace AiCaller.Email.Grains.Mailboxes;

/// <summary>
/// A mailbox's persisted state; the storage serializer encrypts all of it. Send records live in rows of their own,
/// so that a token refresh rewrites only this.
/// </summary>
public sealed class MailboxState : IEncryptedState
{
    public TokenSet? Tokens { get; set; }

    public string? Email { get; set; }

    public MailboxStatusKind Status { get; set; } = MailboxStatusKind.Disconnected;

    public MailboxError? LastError { get; set; }

    public DateTimeOffset? LastRefreshedAt { get; set; }

    public List<PendingConnect> PendingConnects { get; set; } = [];

    /// <summary>Connect links issued for this mailbox, until they expire; a used one stays, so that a second use can be told apart.</summary>
    public List<IssuedConnectLink> ConnectLinks { get; set; } = [];

    /// <summary>Set once the seed's token file was imported, so a later disconnect is not undone by a re-import.</summary>
    public bool SeedTokenImported { get; set; }

    /// <summary>Whether the tenant directory lists this mailbox.</summary>
    public bool Listed { get; set; }

    [JsonIgnore]
    public bool Unreadable { get; set; }
}

/// <summary>
/// A consent in progress: the nonce its OAuth state carries, the PKCE verifier for the exchange, and the page the browser
/// returns to with the result (null: the callback answers it).
/// </summary>
public sealed record PendingConnect(string Nonce, string CodeVerifier, string RedirectUri, DateTimeOffset ExpiresAt, string? ReturnUrl = null);

/// <summary>A connect link: the nonce its token carries, where the browser goes afterwards, and whether it was used.</summary>
public sealed record IssuedConnectLink(string Nonce, string? ReturnUrl, DateTimeOffset ExpiresAt, bool Used);
