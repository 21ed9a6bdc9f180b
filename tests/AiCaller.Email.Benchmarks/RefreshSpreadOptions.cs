namespace AiCaller.Email.Benchmarks;

/// <summary>
/// The <c>refresh-spread</c> scenario's settings: how many mailboxes, the lifetime of the tokens whose refresh is
/// watched, how many token requests a second the emulator's token endpoint lets through before it answers 429, how
/// many API calls a second keep the mailboxes busy meanwhile, and where the report goes.
/// </summary>
public sealed record RefreshSpreadOptions(
    int Mailboxes,
    int TokenLifetimeSeconds,
    int TokenRequestsPerSecond,
    int ApiCallsPerSecond,
    string ResultsDirectory)
{
    /// <summary>The defaults, or with <c>--quick</c> the smaller ones; a run with the full defaults is the README's.</summary>
    public static RefreshSpreadOptions Defaults(bool quick, string resultsDirectory) =>
        quick ? new(1000, 120, 20, 10, resultsDirectory) : new(10_000, 480, 50, 20, resultsDirectory);

    public bool AreDefaults => this == Defaults(quick: false, ResultsDirectory);
}
