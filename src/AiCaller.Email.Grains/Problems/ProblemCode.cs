namespace AiCaller.Email.Grains.Problems;

/// <summary>The <c>code</c> of every problem answer; SPEC §4's error table.</summary>
public enum ProblemCode
{
    InvalidRequest,
    Unauthorized,
    NotConfigured,
    NotConnected,
    TokenInvalid,
    NotFound,
    TooLarge,
    IdempotencyConflict,
    AppCredentialsInvalid,
    RateLimited,
    ProviderError,
}

public static class ProblemCodes
{
    public static string ToSlug(this ProblemCode code) => code switch
    {
        ProblemCode.InvalidRequest => "invalid_request",
        ProblemCode.Unauthorized => "unauthorized",
        ProblemCode.NotConfigured => "not_configured",
        ProblemCode.NotConnected => "not_connected",
        ProblemCode.TokenInvalid => "token_invalid",
        ProblemCode.NotFound => "not_found",
        ProblemCode.TooLarge => "too_large",
        ProblemCode.IdempotencyConflict => "idempotency_conflict",
        ProblemCode.AppCredentialsInvalid => "app_credentials_invalid",
        ProblemCode.RateLimited => "rate_limited",
        ProblemCode.ProviderError => "provider_error",
        _ => throw new ArgumentOutOfRangeException(nameof(code)),
    };

    public static int ToHttpStatus(this ProblemCode code) => code switch
    {
        ProblemCode.InvalidRequest => 400,
        ProblemCode.Unauthorized => 401,
        ProblemCode.NotConfigured => 503,
        ProblemCode.NotConnected => 409,
        ProblemCode.TokenInvalid => 409,
        ProblemCode.NotFound => 404,
        ProblemCode.TooLarge => 413,
        ProblemCode.IdempotencyConflict => 409,
        ProblemCode.AppCredentialsInvalid => 503,
        ProblemCode.RateLimited => 429,
        ProblemCode.ProviderError => 502,
        _ => 500,
    };
}
