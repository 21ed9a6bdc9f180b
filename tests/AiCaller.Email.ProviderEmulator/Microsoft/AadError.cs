namespace AiCaller.Email.ProviderEmulator.Microsoft;

/// <summary>
/// An error of the v2 token endpoint: the OAuth error, the AADSTS code and its message. The JSON written for it
/// (<see cref="AadJsonResult"/>) adds the trace and correlation ids and timestamp the way Entra ID does.
/// </summary>
public sealed record AadError(int Status, string Error, int Code, string Message, string? Suberror = null)
{
    public static AadError InvalidRequest(int code, string message) => new(400, "invalid_request", code, message);

    public static AadError MissingParameter(string name) =>
        InvalidRequest(900144, $"The request body must contain the following parameter: '{name}'.");

    public static AadError MalformedRequest => InvalidRequest(9002313, "Invalid request. Request is malformed or invalid.");

    /// <summary>A refresh token Entra ID cannot read (never issued, or mangled): a grant error, so MSAL asks for UI.</summary>
    public static AadError UnreadableRefreshToken => new(400, "invalid_grant", 9002313, "Invalid request. Request is malformed or invalid.");

    public static AadError UnknownClient(string clientId, string tenant) => new(400, "unauthorized_client", 700016,
        $"Application with identifier '{clientId}' was not found in the directory '{tenant}'. This can happen if the application "
        + "has not been installed by the administrator of the tenant or consented to by any user in the tenant. "
        + "You may have sent your authentication request to the wrong tenant.");

    public static AadError MissingSecret => new(401, "invalid_client", 7000218,
        "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.");

    public static AadError WrongSecret(string clientId) => new(401, "invalid_client", 7000215,
        "Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, "
        + $"not the client secret ID, for a secret added to app '{clientId}'.");

    public static AadError CodeRedeemed => new(400, "invalid_grant", 54005,
        "OAuth2 Authorization code was already redeemed, please retry with a new valid code or use an existing refresh token.");

    public static AadError BadGrant => new(400, "invalid_grant", 70000, "Provided grant is invalid or malformed.");

    public static AadError ExpiredOrRevoked => new(400, "invalid_grant", 70008,
        "The provided authorization code or refresh token has expired due to inactivity. "
        + "Send a new interactive authorization request for this user and resource.");

    public static AadError InactiveRefreshToken(DateTimeOffset issued) => new(400, "invalid_grant", 700082,
        $"The refresh token has expired due to inactivity. The token was issued on {issued:yyyy-MM-ddTHH:mm:ss.fffffffZ} "
        + "and was inactive for 90.00:00:00.");

    public static AadError RedirectMismatch(string? given, string expected) => new(400, "invalid_grant", 500112,
        $"The reply address '{given}' does not match the reply address '{expected}' provided when requesting Authorization code.");

    public static AadError MissingVerifier => new(400, "invalid_grant", 50148,
        "The code_verifier does not match the code_challenge supplied in the authorization request for PKCE.");

    public static AadError WrongVerifier => new(400, "invalid_grant", 501481,
        "The Code_Verifier does not match the code_challenge supplied in the authorization request.");

    public static AadError ConsentRequired(string clientId, string appName) => new(400, "invalid_grant", 65001,
        $"The user or administrator has not consented to use the application with ID '{clientId}' named '{appName}'. "
        + "Send an interactive authorization request for this user and resource.", "consent_required");

    public static AadError InvalidScope(string scope) => new(400, "invalid_scope", 70011,
        $"The provided request must include a 'scope' input parameter. The provided value for the input parameter 'scope' is not valid. The scope {scope} is not valid.");

    public static AadError UnsupportedGrantType => new(400, "unsupported_grant_type", 70003, "The app requested an unsupported grant type.");

    public static AadError UnknownTenant(string tenant) => new(400, "invalid_request", 90002,
        $"Tenant '{tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.");

    /// <summary>What the token endpoint answers when a fault is injected with only a status.</summary>
    public static AadError ForStatus(int status) => status switch
    {
        400 => MalformedRequest,
        401 => new(401, "invalid_client", 7000215, "Invalid client secret provided."),
        429 => new(429, "temporarily_unavailable", 90055, "TenantThrottlingError - There are too many incoming requests. This exception is thrown for blocked tenants."),
        >= 500 => new(status, "temporarily_unavailable", 90033, "A transient error has occurred. Please try again."),
        _ => new(status, "invalid_request", 90000, "Bad request."),
    };
}
