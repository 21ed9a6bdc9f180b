namespace AiCaller.Email.ProviderEmulator.Google;

/// <summary>A code handed out by the consent page, bound to what was asked for at authorize time.</summary>
public sealed record AuthorizationCode(
    string Code,
    string ClientId,
    string RedirectUri,
    string Email,
    IReadOnlyList<string> Scopes,
    bool Offline,
    bool ForcedConsent,
    string? CodeChallenge,
    string? CodeChallengeMethod,
    DateTimeOffset ExpiresAt,
    bool Redeemed = false);
