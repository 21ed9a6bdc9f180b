namespace AiCaller.Email.ProviderEmulator.Faults;

/// <summary>
/// The next <see cref="Count"/> requests to <see cref="Target"/> (gmail, google-token, google-revoke, google-auth, graph,
/// microsoft-token, microsoft-auth, microsoft-discovery, any) whose path contains <see cref="PathContains"/> get
/// <see cref="Status"/> with the provider's error body for it (Graph's for graph, Entra ID's for microsoft-*), or
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
