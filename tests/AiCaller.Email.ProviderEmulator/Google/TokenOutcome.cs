namespace AiCaller.Email.ProviderEmulator.Google;

/// <summary>Tokens the token endpoint hands out for one successful grant.</summary>
public sealed record IssuedTokens(string Email, string AccessToken, int ExpiresIn, string? RefreshToken, IReadOnlyList<string> Scopes, string ClientId);

/// <summary>Either tokens or the OAuth error that refused them.</summary>
public sealed record TokenOutcome(IssuedTokens? Tokens, OAuthError? Error, string? Email = null)
{
    public static TokenOutcome Success(IssuedTokens tokens) => new(tokens, null, tokens.Email);
    public static TokenOutcome Failure(OAuthError error, string? email = null) => new(null, error, email);
}
