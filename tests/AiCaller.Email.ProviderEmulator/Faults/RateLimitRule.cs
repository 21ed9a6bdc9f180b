namespace AiCaller.Email.ProviderEmulator.Faults;

/// <summary>
/// At most <see cref="PerSecond"/> requests to <see cref="Target"/> (a request-log target such as google-token or
/// microsoft-token) are let through in each whole second of the emulator's clock; the rest get 429 with the provider's
/// error body for it, as the real token endpoints throttle an app. <see cref="RetryAfterSeconds"/>, when given, is sent
/// as Retry-After. A throttled request still counts: a client that retries at once only throttles itself further.
/// </summary>
public sealed record RateLimitRule(string Target, int PerSecond, int? RetryAfterSeconds = null);
