namespace AiCaller.Email.Benchmarks.Measurement;

/// <summary>
/// One whole second at the emulator's token endpoint: refresh requests that arrived in it, those it let through (200),
/// those it throttled (429) and any other answer. <see cref="Offset"/> counts seconds from the earliest token expiry.
/// </summary>
public sealed record RefreshSecond(long Offset, int Requests, int Refreshed, int Throttled, int Other);
