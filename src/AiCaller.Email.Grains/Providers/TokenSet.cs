namespace AiCaller.Email.Grains.Providers;

/// <summary>
/// A mailbox's OAuth tokens. Lives only inside the mailbox grain and its encrypted state; never leaves the silo.
/// <see cref="ProviderCache"/> carries what a provider library keeps beside the tokens (MSAL's serialized cache,
/// which holds the refresh token) and <see cref="ProviderAccountId"/> the library's id of the signed-in account.
/// </summary>
public sealed record TokenSet(
    string AccessToken,
    string? RefreshToken,
    DateTimeOffset IssuedAt,
    DateTimeOffset ExpiresAt,
    IReadOnlyList<string> Scopes,
    string? ProviderCache = null,
    string? ProviderAccountId = null)
{
    public TimeSpan Lifetime => ExpiresAt - IssuedAt;

    /// <summary>Keeps secrets out of logs and exception messages.</summary>
    public override string ToString() => $"TokenSet {{ ExpiresAt = {ExpiresAt:O}, Scopes = {string.Join(' ', Scopes)} }}";
}
