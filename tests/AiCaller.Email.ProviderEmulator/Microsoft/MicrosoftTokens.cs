namespace AiCaller.Email.ProviderEmulator.Microsoft;

/// <summary>What one successful grant at the token endpoint hands out, before it is written as JSON.</summary>
public sealed record MicrosoftTokens(
    MicrosoftUser User,
    string ClientId,
    string AccessToken,
    int ExpiresIn,
    string? RefreshToken,
    IReadOnlyList<string> Permissions,
    IReadOnlyList<string> RequestedScopes);

/// <summary>Either tokens or the error that refused them; the user is known for the request log even on most errors.</summary>
public sealed record MicrosoftTokenOutcome(MicrosoftTokens? Tokens, AadError? Error, string? Email = null)
{
    public static MicrosoftTokenOutcome Success(MicrosoftTokens tokens) => new(tokens, null, tokens.User.Email);
    public static MicrosoftTokenOutcome Failure(AadError error, string? email = null) => new(null, error, email);
}

/// <summary>Counts of successful token operations; the request log has every attempt.</summary>
public sealed record MicrosoftStats(int CodeExchanges, int Refreshes, IReadOnlyDictionary<string, int> RefreshesByUser);
