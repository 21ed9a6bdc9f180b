namespace AiCaller.Email.ProviderEmulator.RequestLog;

/// <summary>
/// One request the emulator answered. <see cref="TokenState"/> is what the bearer token was on arrival
/// (none, valid, expired, revoked, unknown): the evidence that no call carried an expired token. A Gmail batch request
/// is one entry, its inner calls in <see cref="Parts"/> in the order they were sent.
/// </summary>
public sealed record RequestLogEntry(
    string Target,
    string Method,
    string Path,
    string Query,
    int Status,
    string TokenState,
    string? GrantType,
    string? User,
    DateTimeOffset At,
    IReadOnlyList<RequestLogPart>? Parts = null);
