namespace AiCaller.Email.ProviderEmulator.Microsoft;

/// <summary>A code handed out by the consent page, bound to what was asked for at authorize time; it lives ten minutes.</summary>
public sealed record MicrosoftCode(
    string Code,
    string ClientId,
    string RedirectUri,
    string Email,
    IReadOnlyList<string> Scopes,
    string? CodeChallenge,
    string? CodeChallengeMethod,
    DateTimeOffset ExpiresAt,
    bool Redeemed = false);
