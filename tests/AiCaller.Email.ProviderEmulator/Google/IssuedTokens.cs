namespace AiCaller.Email.ProviderEmulator.Google;

public sealed record IssuedAccessToken(string Token, string GrantId, string Email, IReadOnlyList<string> Scopes, DateTimeOffset ExpiresAt);

public sealed record IssuedRefreshToken(string Token, string GrantId, string Email, string ClientId, IReadOnlyList<string> Scopes);
