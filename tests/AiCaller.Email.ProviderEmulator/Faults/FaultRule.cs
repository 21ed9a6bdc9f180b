namespace AiCaller.Email.ProviderEmulator.Faults;

/// <summary>
/// The next <see cref="Count"/> requests to <see cref="Target"/> (gmail, google-token, google-revoke, google-auth, any)
/// whose path contains <see cref="PathContains"/> get <see cref="Status"/> with Google's error body for it, or
/// <see cref="Body"/> when given. Status 0 with a delay means "wait, then answer normally".
/// </summary>
public sealed record FaultRule(
    string Target,
    int Status,
    int Count = 1,
    string? PathContains = null,
    int? RetryAfterSeconds = null,
    int? DelayMs = null,
    string? Body = null);
