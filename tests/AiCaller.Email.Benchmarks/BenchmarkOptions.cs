using System.Globalization;

namespace AiCaller.Email.Benchmarks;

/// <summary>
/// The command line: <c>[scenario|all] [--quick] [--mailboxes N] [--requests R] [--concurrency C]</c>, for
/// <c>scale</c> <c>[--seeded S] [--oauth O] [--active A]</c>, for <c>routed</c> <c>[--connections 1,16,64]
/// [--seconds S] [--warmup W] [--operations a,b] [--results DIR]</c>, and for <c>refresh-spread</c> <c>[--lifetime S]
/// [--token-limit R] [--api-rate R] [--results DIR]</c>.
/// <c>--quick</c> shrinks every default so that each scenario ends in under a minute (<c>scale</c>, <c>routed</c> and
/// <c>refresh-spread</c> in two or three); explicit values still win.
/// </summary>
public sealed record BenchmarkOptions(
    IReadOnlyList<string> Scenarios,
    bool Quick,
    int Mailboxes,
    int Requests,
    int Concurrency,
    int IdleGrains,
    int Seeded,
    int OAuthConnected,
    int ActiveGrains,
    RoutedOptions Routed,
    RefreshSpreadOptions RefreshSpread)
{
    public const string Usage =
        "usage: dotnet run -c Release --project tests/AiCaller.Email.Benchmarks -- " +
        "[connect|send|list|status-idle-memory|refresh-spread|scale|routed|all] [--quick] [--mailboxes N] [--requests R] [--concurrency C] [--idle-grains K] " +
        "[--seeded S] [--oauth O] [--active A] [--connections 1,16,64] [--seconds S] [--warmup W] [--operations a,b] [--results DIR] " +
        "[--lifetime S] [--token-limit R] [--api-rate R]";

    /// <summary>How long any one load loop may run before it stops issuing requests.</summary>
    public TimeSpan LoopTimeLimit => Quick ? TimeSpan.FromSeconds(40) : TimeSpan.FromSeconds(120);

    /// <summary>
    /// The bound of the scale scenario's seeding and connecting loops: every database write waits for its commit to
    /// reach the disk, so 100,000 mailboxes take a minute or more, not seconds.
    /// </summary>
    public TimeSpan ScaleLoopTimeLimit => Quick ? TimeSpan.FromMinutes(4) : TimeSpan.FromMinutes(20);

    public static BenchmarkOptions Parse(IReadOnlyList<string> args)
    {
        var scenarios = new List<string>();
        var quick = false;
        int? mailboxes = null, requests = null, concurrency = null, idleGrains = null, seeded = null, oauth = null, active = null;
        int? seconds = null, warmUp = null, lifetime = null, tokenLimit = null, apiRate = null;
        IReadOnlyList<int>? connections = null;
        IReadOnlyList<string>? operations = null;
        string? results = null;
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--quick":
                    quick = true;
                    break;
                case "--mailboxes":
                    mailboxes = PositiveInt(args, ++i, "--mailboxes");
                    break;
                case "--requests":
                    requests = PositiveInt(args, ++i, "--requests");
                    break;
                case "--concurrency":
                    concurrency = PositiveInt(args, ++i, "--concurrency");
                    break;
                case "--idle-grains":
                    idleGrains = PositiveInt(args, ++i, "--idle-grains");
                    break;
                case "--seeded":
                    seeded = PositiveInt(args, ++i, "--seeded");
                    break;
                case "--oauth":
                    oauth = PositiveInt(args, ++i, "--oauth");
                    break;
                case "--active":
                    active = PositiveInt(args, ++i, "--active");
                    break;
                case "--connections":
                    connections = PositiveInts(args, ++i, "--connections");
                    break;
                case "--seconds":
                    seconds = PositiveInt(args, ++i, "--seconds");
                    break;
                case "--warmup":
                    warmUp = PositiveInt(args, ++i, "--warmup");
                    break;
                case "--operations":
                    operations = Value(args, ++i, "--operations").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                    break;
                case "--lifetime":
                    lifetime = PositiveInt(args, ++i, "--lifetime");
                    break;
                case "--token-limit":
                    tokenLimit = PositiveInt(args, ++i, "--token-limit");
                    break;
                case "--api-rate":
                    apiRate = PositiveInt(args, ++i, "--api-rate");
                    break;
                case "--results":
                    // Resolved now: the app moves its working directory to its own output before it runs.
                    results = Path.GetFullPath(Value(args, ++i, "--results"));
                    break;
                case "-h" or "--help":
                    throw new ArgumentException(Usage);
                case var name when !name.StartsWith('-'):
                    scenarios.Add(name);
                    break;
                default:
                    throw new ArgumentException($"unknown option '{args[i]}'\n{Usage}");
            }
        }

        return new BenchmarkOptions(
            scenarios.Count == 0 ? ["all"] : scenarios,
            quick,
            mailboxes ?? (quick ? 20 : 200),
            requests ?? (quick ? 300 : 5000),
            concurrency ?? 32,
            idleGrains ?? (quick ? 2000 : 20_000),
            seeded ?? (quick ? 10_000 : 100_000),
            oauth ?? (quick ? 1000 : 10_000),
            active ?? (quick ? 2000 : 20_000),
            new RoutedOptions(
                mailboxes ?? (quick ? 16 : 64),
                connections ?? (quick ? [1, 16] : [1, 16, 64]),
                seconds ?? (quick ? 1 : 8),
                warmUp ?? (quick ? 1 : 3),
                quick ? 1 : 5,
                operations ?? [],
                results ?? BenchmarkProject.ResultsDirectory),
            RefreshSpreadOf(quick, mailboxes, lifetime, tokenLimit, apiRate, results ?? BenchmarkProject.ResultsDirectory));
    }

    private static RefreshSpreadOptions RefreshSpreadOf(bool quick, int? mailboxes, int? lifetime, int? tokenLimit, int? apiRate, string results)
    {
        var defaults = RefreshSpreadOptions.Defaults(quick, results);
        return new RefreshSpreadOptions(
            mailboxes ?? defaults.Mailboxes,
            lifetime ?? defaults.TokenLifetimeSeconds,
            tokenLimit ?? defaults.TokenRequestsPerSecond,
            apiRate ?? defaults.ApiCallsPerSecond,
            results);
    }

    private static int PositiveInt(IReadOnlyList<string> args, int index, string name)
    {
        if (index >= args.Count || !int.TryParse(args[index], NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value <= 0)
        {
            throw new ArgumentException($"{name} needs a positive whole number\n{Usage}");
        }

        return value;
    }

    private static IReadOnlyList<int> PositiveInts(IReadOnlyList<string> args, int index, string name)
    {
        var values = Value(args, index, name).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return values.Length > 0 && values.All(v => int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0)
            ? values.Select(v => int.Parse(v, CultureInfo.InvariantCulture)).Distinct().Order().ToList()
            : throw new ArgumentException($"{name} needs positive whole numbers separated by commas, e.g. 1,16,64\n{Usage}");
    }

    private static string Value(IReadOnlyList<string> args, int index, string name) =>
        index < args.Count && !args[index].StartsWith("--", StringComparison.Ordinal)
            ? args[index]
            : throw new ArgumentException($"{name} needs a value\n{Usage}");
}
