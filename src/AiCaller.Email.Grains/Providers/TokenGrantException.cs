namespace AiCaller.Email.Grains.Providers;

public enum TokenGrantFailure
{
    /// <summary>The user's grant is gone (revoked, expired, password changed): reconnecting helps.</summary>
    InvalidGrant,

    /// <summary>The app's own credentials were refused: every mailbox of the app is affected.</summary>
    InvalidClient,

    /// <summary>The token endpoint throttled us.</summary>
    RateLimited,

    /// <summary>Network failure or a 5xx: try again later, the grant is probably fine.</summary>
    Transient,

    /// <summary>Anything else the token endpoint refused.</summary>
    Rejected,
}

/// <summary>A provider's token endpoint refused or failed an exchange, refresh or revoke.</summary>
public sealed class TokenGrantException(TokenGrantFailure failure, string message, int? retryAfterSeconds = null, Exception? inner = null)
    : Exception(message, inner)
{
    public TokenGrantFailure Failure { get; } = failure;

    public int? RetryAfterSeconds { get; } = retryAfterSeconds;
}
