namespace AiCaller.Email.ProviderEmulator.Google;

/// <summary>What a bearer token was when a request arrived; the request log records it as a lower-case string.</summary>
public enum TokenState { None, Valid, Expired, Revoked, Unknown }

/// <summary>The result of looking up an access token: its state and, when known, whose it is.</summary>
public sealed record AccessTokenLookup(TokenState State, string? Email, IReadOnlyList<string> Scopes)
{
    public static readonly AccessTokenLookup None = new(TokenState.None, null, []);
    public static readonly AccessTokenLookup Unknown = new(TokenState.Unknown, null, []);
}
