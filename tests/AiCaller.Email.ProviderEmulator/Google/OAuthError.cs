namespace AiCaller.Email.ProviderEmulator.Google;

/// <summary>An OAuth error as Google's token and revoke endpoints write it.</summary>
public sealed record OAuthError(int Status, string Error, string Description)
{
    public static OAuthError InvalidGrant(string description) => new(400, "invalid_grant", description);
    public static OAuthError InvalidRequest(string description) => new(400, "invalid_request", description);
    public static readonly OAuthError BadCode = InvalidGrant("Bad Request");
    public static readonly OAuthError RevokedRefreshToken = InvalidGrant("Token has been expired or revoked.");
    public static readonly OAuthError WrongSecret = new(401, "invalid_client", "Unauthorized");
    public static readonly OAuthError UnknownClient = new(401, "invalid_client", "The OAuth client was not found.");
    public static readonly OAuthError UnauthorizedClient = new(401, "unauthorized_client", "Unauthorized");
    public static readonly OAuthError RedirectUriMismatch = new(400, "redirect_uri_mismatch", "Bad Request");
    public static readonly OAuthError InvalidToken = new(400, "invalid_token", "Token expired or revoked");
}
