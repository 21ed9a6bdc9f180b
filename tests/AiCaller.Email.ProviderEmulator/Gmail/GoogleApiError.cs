using System.Text.Json;

namespace AiCaller.Email.ProviderEmulator.Gmail;

/// <summary>Google's JSON error envelope for its REST APIs: <c>{"error":{code,message,errors[],status}}</c>.</summary>
public sealed record GoogleApiError(
    int Code,
    string Message,
    string Reason,
    string? Status,
    string Domain = "global",
    string? ItemMessage = null,
    string? Location = null,
    string? LocationType = null) : IResult
{
    private const string SeeConsole = "Expected OAuth 2 access token, login cookie or other valid authentication credential. "
        + "See https://developers.google.com/identity/sign-in/web/devconsole-project.";

    public int? RetryAfterSeconds { get; init; }

    /// <summary>True for errors Google sends with code, message and status only, without the <c>errors</c> list.</summary>
    public bool WithoutItems { get; init; }

    public static GoogleApiError InvalidCredentials => new(401, "Request had invalid authentication credentials. " + SeeConsole,
        "authError", "UNAUTHENTICATED", ItemMessage: "Invalid Credentials", Location: "Authorization", LocationType: "header");

    public static GoogleApiError MissingCredentials => new(401, "Request is missing required authentication credential. " + SeeConsole,
        "required", "UNAUTHENTICATED", ItemMessage: "Login Required.", Location: "Authorization", LocationType: "header");

    public static GoogleApiError InsufficientScopes => new(403, "Request had insufficient authentication scopes.",
        "insufficientPermissions", "PERMISSION_DENIED", ItemMessage: "Insufficient Permission");

    public static GoogleApiError NotFound => new(404, "Requested entity was not found.", "notFound", "NOT_FOUND");

    public static GoogleApiError InvalidId => InvalidArgument("Invalid id value");

    public static GoogleApiError TooLarge => new(413, "Request Entity Too Large", "uploadTooLarge", null);

    public static GoogleApiError InvalidArgument(string message) => new(400, message, "invalidArgument", "INVALID_ARGUMENT");

    public static GoogleApiError Forbidden(string message) => new(403, message, "forbidden", "PERMISSION_DENIED");

    /// <summary>A batch with more calls than the API takes: the whole batch is refused, as seen from gmail.googleapis.com.</summary>
    public static GoogleApiError TooManyInnerRequests(int received, int limit) =>
        new(400, $"Inner request count exceeds the limit. Received: {received}, Limit: {limit}", "badRequest", "INVALID_ARGUMENT") { WithoutItems = true };

    /// <summary>A batch body that is not multipart/mixed of application/http parts.</summary>
    public static GoogleApiError InvalidBatch(string message) => new(400, message, "badRequest", "INVALID_ARGUMENT") { WithoutItems = true };

    /// <summary>The error Google sends for a status with no more specific cause, used by fault injection.</summary>
    public static GoogleApiError ForStatus(int status) => status switch
    {
        400 => new(400, "Bad Request", "badRequest", "INVALID_ARGUMENT"),
        401 => InvalidCredentials,
        403 => new(403, "User Rate Limit Exceeded", "userRateLimitExceeded", "PERMISSION_DENIED", Domain: "usageLimits"),
        404 => NotFound,
        409 => new(409, "Aborted", "aborted", "ABORTED"),
        413 => TooLarge,
        429 => new(429, "Too many concurrent requests for user", "rateLimitExceeded", "RESOURCE_EXHAUSTED", Domain: "usageLimits"),
        500 => new(500, "Internal error encountered.", "backendError", "INTERNAL"),
        502 => new(502, "Bad Gateway", "backendError", "UNAVAILABLE"),
        503 => new(503, "The service is currently unavailable.", "backendError", "UNAVAILABLE"),
        504 => new(504, "Deadline exceeded", "backendError", "DEADLINE_EXCEEDED"),
        _ => new(status, "Error", "unknown", "UNKNOWN"),
    };

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = Code;
        response.ContentType = "application/json; charset=UTF-8";
        if (Code == 401)
        {
            response.Headers.WWWAuthenticate = "Bearer realm=\"https://accounts.google.com/\", error=\"invalid_token\"";
        }

        if (RetryAfterSeconds is { } seconds)
        {
            response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        await response.WriteAsync(ToJson(), httpContext.RequestAborted);
    }

    public string ToJson()
    {
        var item = new Dictionary<string, string> { ["message"] = ItemMessage ?? Message, ["domain"] = Domain, ["reason"] = Reason };
        if (Location is not null)
        {
            item["location"] = Location;
            item["locationType"] = LocationType ?? "header";
        }

        var error = new Dictionary<string, object> { ["code"] = Code, ["message"] = Message };
        if (!WithoutItems)
        {
            error["errors"] = new[] { item };
        }

        if (Status is not null)
        {
            error["status"] = Status;
        }

        return JsonSerializer.Serialize(new Dictionary<string, object> { ["error"] = error });
    }
}
