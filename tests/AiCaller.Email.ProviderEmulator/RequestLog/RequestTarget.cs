namespace AiCaller.Email.ProviderEmulator.RequestLog;

/// <summary>Which emulated service a request is for; names shared by the request log and fault rules.</summary>
public static class RequestTarget
{
    public const string Gmail = "gmail";
    public const string GoogleToken = "google-token";
    public const string GoogleRevoke = "google-revoke";
    public const string GoogleAuth = "google-auth";
    public const string Graph = "graph";
    public const string MicrosoftToken = "microsoft-token";
    public const string MicrosoftAuth = "microsoft-auth";
    public const string MicrosoftDiscovery = "microsoft-discovery";
    public const string Control = "control";
    public const string Other = "other";

    /// <summary>A fault rule's target that matches every request except the control endpoints.</summary>
    public const string Any = "any";

    public const string ControlPrefix = "/_emulator";

    public static string Of(PathString path)
    {
        var value = path.Value ?? "";
        // login.microsoftonline.com paths start with a tenant segment: /{tenant}/oauth2/v2.0/…, /{tenant}/discovery/….
        var segments = value.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var microsoft = segments.Length >= 3 ? $"{segments[1]}/{segments[2]}" : "";
        return value switch
        {
            _ when path.StartsWithSegments(ControlPrefix) => Control,
            _ when path.StartsWithSegments("/gmail") || path.StartsWithSegments("/upload/gmail") || path.StartsWithSegments("/batch/gmail") => Gmail,
            _ when path.StartsWithSegments("/v1.0") => Graph,
            "/token" or "/o/oauth2/token" => GoogleToken,
            "/revoke" or "/o/oauth2/revoke" => GoogleRevoke,
            _ when path.StartsWithSegments("/o/oauth2") => GoogleAuth,
            _ when microsoft == "oauth2/v2.0" && segments.Length == 4 && segments[3] == "token" => MicrosoftToken,
            _ when microsoft == "oauth2/v2.0" => MicrosoftAuth,
            _ when segments.Length >= 2 && segments[1] == "discovery" => MicrosoftDiscovery,
            _ => Other,
        };
    }
}
