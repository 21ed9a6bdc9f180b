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
    LimitReached,
    StateUnreadable,
    SendOutcomeUnknown,
    Unavailable,
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
        ProblemCode.LimitReached => "limit_reached",
        ProblemCode.StateUnreadable => "state_unreadable",
        ProblemCode.SendOutcomeUnknown => "send_outcome_unknown",
        ProblemCode.Unavailable => "unavailable",
        _ => throw new ArgumentOutOfRangeException(nameof(code)),
    };
}
