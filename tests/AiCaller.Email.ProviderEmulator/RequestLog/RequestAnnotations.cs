namespace AiCaller.Email.ProviderEmulator.RequestLog;

/// <summary>
/// Facts only an endpoint learns (whose call it was, which grant type, a batch's calls), handed back to the request log;
/// and when the log saw the request arrive, for the middleware after it.
/// </summary>
public sealed class RequestAnnotations
{
    public DateTimeOffset? ArrivedAt { get; init; }
    public string? User { get; set; }
    public string? GrantType { get; set; }

    /// <summary>The inner calls of a batch request, as the batch endpoint answered them.</summary>
    public List<RequestLogPart>? Parts { get; set; }
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
