namespace AiCaller.Email.ProviderEmulator.RequestLog;

/// <summary>Which emulated service a request is for; names shared by the request log and fault rules.</summary>
public static class RequestTarget
{
    public const string Gmail = "gmail";
    public const string GoogleToken = "google-token";
    public const string GoogleRevoke = "google-revoke";
    public const string GoogleAuth = "google-auth";
    public const string Control = "control";
    public const string Other = "other";

    /// <summary>A fault rule's target that matches every request except the control endpoints.</summary>
    public const string Any = "any";

    public const string ControlPrefix = "/_emulator";

    public static string Of(PathString path)
    {
        var value = path.Value ?? "";
        return value switch
        {
            _ when path.StartsWithSegments(ControlPrefix) => Control,
            _ when path.StartsWithSegments("/gmail") || path.StartsWithSegments("/upload/gmail") => Gmail,
            "/token" or "/o/oauth2/token" => GoogleToken,
            "/revoke" or "/o/oauth2/revoke" => GoogleRevoke,
            _ when path.StartsWithSegments("/o/oauth2") => GoogleAuth,
            _ => Other,
        };
    }
}
