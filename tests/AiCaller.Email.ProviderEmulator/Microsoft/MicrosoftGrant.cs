namespace AiCaller.Email.ProviderEmulator.Microsoft;

/// <summary>
/// One user's consent to one client: the Graph permissions granted so far (a later consent adds to them).
/// Revoking it kills every refresh token issued under it, old or new.
/// </summary>
public sealed record MicrosoftGrant(string Id, string Email, string ClientId, IReadOnlyList<string> Permissions, bool Revoked = false);

public sealed record MicrosoftAccessToken(string Token, string GrantId, string Email, IReadOnlyList<string> Permissions, DateTimeOffset ExpiresAt);

/// <summary>
/// A refresh token. Microsoft's rotate (each use returns a new one) but the old ones stay valid; they die with the
/// grant, or after 90 days without use (<see cref="LastUsed"/>), which the emulator reaches by control call.
/// </summary>
public sealed record MicrosoftRefreshToken(string Token, string GrantId, string Email, string ClientId, DateTimeOffset Issued,
    DateTimeOffset LastUsed, bool Inactive = false);
