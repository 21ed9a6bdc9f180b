using AiCaller.Email.ProviderEmulator.Gmail;
using AiCaller.Email.ProviderEmulator.Google;
using AiCaller.Email.ProviderEmulator.Graph;
using AiCaller.Email.ProviderEmulator.Microsoft;
using AiCaller.Email.ProviderEmulator.RequestLog;

namespace AiCaller.Email.ProviderEmulator.Faults;

/// <summary>The error a provider answers a status with when nothing more specific went wrong, for faults and rate limits.</summary>
public static class ProviderErrors
{
    // Gmail and Graph get their REST envelopes; the OAuth endpoints get OAuth-style bodies (not verified for 429/5xx).
    public static IResult For(HttpContext context, string target, int status) => target switch
    {
        RequestTarget.Gmail or RequestTarget.Other => GoogleApiError.ForStatus(status),
        RequestTarget.Graph => GraphError.ForStatus(status),
        RequestTarget.MicrosoftToken or RequestTarget.MicrosoftAuth or RequestTarget.MicrosoftDiscovery =>
            AadJsonResult.Error(AadError.ForStatus(status), context, context.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow()),
        _ => OAuthJsonResult.Error(new OAuthError(status, status switch
        {
            400 => "invalid_request",
            401 => "invalid_client",
            429 => "rate_limit_exceeded",
            >= 500 => "internal_failure",
            _ => "server_error",
        }, status switch
        {
            401 => "Unauthorized",
            429 => "Rate Limit Exceeded",
            >= 500 => "Backend Error",
            _ => "Bad Request",
        })),
    };
}
