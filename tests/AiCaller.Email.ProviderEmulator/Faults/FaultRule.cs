namespace AiCaller.Email.ProviderEmulator.Faults;

/// <summary>
/// The next <see cref="Count"/> requests to <see cref="Target"/> (gmail, google-token, google-revoke, google-auth, graph,
/// microsoft-token, microsoft-auth, microsoft-discovery, any) whose path contains <see cref="PathContains"/> get
/// <see cref="Status"/> with the provider's error body for it (Graph's for graph, Entra ID's for microsoft-*), or
/// <see cref="Body"/> when given. Status 0 with a delay means "wait, then answer normally". The Retry-After header is
/// <see cref="RetryAfterValue"/> as written (an HTTP-date, say) or else <see cref="RetryAfterSeconds"/>.
/// <para>
/// Status 0 also lets the request through to the real endpoint, which does its work (a send is sent and stored), and
/// then spoils only the answer:
/// <see cref="DropAfterHandling"/> aborts the connection without a byte of the response (Kestrel resets it), so an
/// HttpClient caller gets an HttpRequestException over an IOException, with no status, while the provider has acted;
/// <see cref="HoldAfterHandlingMs"/> holds the finished response that long before writing it, a window in which a test
/// can see the work done (for example in the sent store) and kill or cancel the caller. With both, the response is held
/// and then dropped. <see cref="Body"/> with status 0 keeps the endpoint's status and replaces what it wrote with that
/// body (text/html unless it starts with '{'): a 2xx whose body is not what the provider sends, after the provider
/// acted, as a proxy or captive portal in the path produces. The request log records the status the endpoint produced.
/// </para>
/// <para>
/// Each call inside a Gmail batch request is a request too: a rule matches it by its own path (the outer request's path
/// is <c>/batch/gmail/v1</c>) and answers that part alone with the status, Retry-After and body, while the batch and its
/// other parts are answered normally (a delay holds the whole batch). Rules that spoil an answer after handling are for
/// whole exchanges and never match an inner call.
/// </para>
/// </summary>
public sealed record FaultRule(
    string Target,
    int Status,
    int Count = 1,
    string? PathContains = null,
    int? RetryAfterSeconds = null,
    int? DelayMs = null,
    string? Body = null,
    bool DropAfterHandling = false,
    int? HoldAfterHandlingMs = null,
    string? RetryAfterValue = null)
{
    /// <summary>True when the real endpoint runs and only its answer is spoiled afterwards.</summary>
    public bool AfterHandling => DropAfterHandling || HoldAfterHandlingMs > 0 || (Status == 0 && Body is not null);
}
