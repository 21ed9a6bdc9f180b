namespace AiCaller.Email.Benchmarks;

/// <summary>
/// The <c>routed</c> scenario's settings: mailboxes connected per provider, the wrk connection counts, how long each
/// measured cell runs and the warm-up before it, the product's one-time warm-up per operation, which operations
/// (empty: all), and where the report goes.
/// </summary>
public sealed record RoutedOptions(
    int MailboxesPerProvider,
    IReadOnlyList<int> Connections,
    int CellSeconds,
    int WarmUpSeconds,
    int ProductWarmUpSeconds,
    IReadOnlyList<string> Operations,
    string ResultsDirectory);
