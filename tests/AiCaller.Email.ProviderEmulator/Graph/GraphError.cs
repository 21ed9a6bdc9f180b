using System.Globalization;
using System.Text.Json.Nodes;

namespace AiCaller.Email.ProviderEmulator.Graph;

/// <summary>Graph's error envelope: <c>{"error":{"code","message","innerError":{"date","request-id","client-request-id"}}}</c>.</summary>
public sealed record GraphError(int Status, string Code, string Message, bool InnerError = true) : IResult
{
    public int? RetryAfterSeconds { get; init; }

    public static GraphError EmptyToken => Unauthenticated("Access token is empty.");

    public static GraphError NotAJwt => Unauthenticated("IDX14100: JWT is not well formed, there are no dots (.).\n"
        + "The token needs to be in JWS or JWE Compact Serialization Format. (JWS): 'EncodedHeader.EndcodedPayload.EncodedSignature'. "
        + "(JWE): 'EncodedProtectedHeader.EncodedEncryptedKey.EncodedInitializationVector.EncodedCiphertext.EncodedAuthenticationTag'.");

    public static GraphError InvalidToken => Unauthenticated("Access token validation failure. Invalid audience.");

    public static GraphError ExpiredToken => Unauthenticated("Lifetime validation failed, the token is expired.");

    public static GraphError RevokedToken => Unauthenticated(
        "Continuous access evaluation resulted in challenge with result: InteractionRequired and code: TokenIssuedBeforeRevocationTimestamp");

    public static GraphError AccessDenied => new(403, "ErrorAccessDenied", "Access is denied. Check credentials and try again.");

    public static GraphError InsufficientPrivileges => new(403, "Authorization_RequestDenied", "Insufficient privileges to complete the operation.");

    public static GraphError ItemNotFound => new(404, "ErrorItemNotFound", "The specified object was not found in the store.");

    public static GraphError IdMalformed => new(400, "ErrorInvalidIdMalformed", "Id is malformed.");

    public static GraphError NoRecipients => new(400, "ErrorInvalidRecipients", "At least one recipient is required, but none were found.");

    public static GraphError EmptyPayload => BadRequest("Empty Payload. JSON content expected.");

    public static GraphError UnreadablePayload => BadRequest(
        "Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.");

    public static GraphError Throttled => new(429, "ApplicationThrottled", "Application is over its MailboxConcurrency limit.", InnerError: false);

    public static GraphError BadRequest(string message) => new(400, "BadRequest", message);

    public static GraphError InvalidQuery(string message) => new(400, "ErrorInvalidUrlQuery", message);

    public static GraphError UnknownProperty(string name, string type = "microsoft.graph.message") =>
        new(400, "RequestBroker--ParseUri", $"Could not find a property named '{name}' on type '{type}'.");

    /// <summary>What Graph answers for a status with no more specific cause, used by fault injection.</summary>
    public static GraphError ForStatus(int status) => status switch
    {
        400 => BadRequest("Invalid request."),
        401 => InvalidToken,
        403 => AccessDenied,
        404 => ItemNotFound,
        409 => new(409, "ErrorIrresolvableConflict", "The send or update operation could not be performed because the change key passed in the request does not match the current change key for the item."),
        413 => new(413, "ErrorRequestEntityTooLarge", "The request payload is too large."),
        429 => Throttled,
        500 => new(500, "generalException", "An unspecified error has occurred."),
        502 => new(502, "UnknownError", "Bad Gateway"),
        503 => new(503, "serviceNotAvailable", "The service is temporarily unavailable for maintenance or is overloaded. You may repeat the request after a delay, which may be specified in a Retry-After header."),
        504 => new(504, "UnknownError", "The operation timed out before it could be completed."),
        _ => new(status, "UnknownError", "An error occurred."),
    };

    private static GraphError Unauthenticated(string message) => new(401, "InvalidAuthenticationToken", message);

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var (requestId, clientRequestId) = GraphResponses.Ids(httpContext);
        var response = httpContext.Response;
        response.StatusCode = Status;
        response.ContentType = "application/json";
        if (Status == 401)
        {
            response.Headers.WWWAuthenticate = "Bearer realm=\"\", authorization_uri=\"https://login.microsoftonline.com/common/oauth2/authorize\", "
                + $"client_id=\"{Microsoft.MicrosoftDefaults.GraphAppId}\"";
        }

        if (RetryAfterSeconds is { } seconds)
        {
            response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        }

        var error = new JsonObject { ["code"] = Code, ["message"] = Message };
        if (InnerError)
        {
            error["innerError"] = new JsonObject
            {
                ["date"] = httpContext.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture),
                ["request-id"] = requestId,
                ["client-request-id"] = clientRequestId,
            };
        }

        await response.WriteAsync(new JsonObject { ["error"] = error }.ToJsonString(GraphResponses.Options), httpContext.RequestAborted);
    }
}
