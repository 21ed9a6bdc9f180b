namespace AiCaller.Email.Benchmarks.Hosting;

/// <summary>A tenant of the benchmark's host and the API key that selects it.</summary>
public sealed record BenchmarkTenant(string Name, string ApiKey)
{
    /// <summary>Connected mailboxes for the connect, send and list scenarios (the "many" tenant of health).</summary>
    public static readonly BenchmarkTenant Bench = New("bench");

    /// <summary>Two connected mailboxes: the "few" tenant of health.</summary>
    public static readonly BenchmarkTenant Few = New("few");

    /// <summary>Never-connected mailboxes that are only activated.</summary>
    public static readonly BenchmarkTenant Idle = New("idle");

    /// <summary>The scale scenario's one big tenant: mailboxes seeded through storage, then more connected through OAuth.</summary>
    public static readonly BenchmarkTenant Scale = New("scale");

    public static IReadOnlyList<BenchmarkTenant> All => [Bench, Few, Idle, Scale];

    /// <summary>The host's API_KEYS value for every tenant.</summary>
    public static string ApiKeysSetting => string.Join(",", All.Select(t => $"{t.Name}:{t.ApiKey}"));

    private static BenchmarkTenant New(string name) => new(name, $"{name}-{Guid.NewGuid():N}");
}
