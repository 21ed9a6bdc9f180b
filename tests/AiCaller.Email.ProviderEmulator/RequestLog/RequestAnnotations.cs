namespace AiCaller.Email.ProviderEmulator.RequestLog;

/// <summary>Facts only an endpoint learns (whose call it was, which grant type), handed back to the request log.</summary>
public sealed class RequestAnnotations
{
    public string? User { get; set; }
    public string? GrantType { get; set; }
}

public static class RequestAnnotationsExtensions
{
    public static void AnnotateUser(this HttpContext context, string? email)
    {
        if (context.Features.Get<RequestAnnotations>() is { } annotations && email is not null)
        {
            annotations.User = email;
        }
    }
}
