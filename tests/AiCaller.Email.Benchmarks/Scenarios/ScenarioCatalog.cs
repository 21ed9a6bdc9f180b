namespace AiCaller.Email.Benchmarks.Scenarios;

/// <summary>Every scenario by its command-line name: those <c>all</c> runs, in its order, and those run only by name.</summary>
public static class ScenarioCatalog
{
    public static IReadOnlyList<IBenchmarkScenario> All { get; } =
    [
        new ConnectScenario(),
        new SendScenario(),
        new ListScenario(),
        new StatusIdleMemoryScenario(),
    ];

    /// <summary>
    /// Not for <c>all</c>: at its defaults the scale scenario writes 110,000 mailboxes and takes minutes, the routed
    /// comparison runs nginx and wrk for about ten, and the refresh storm waits out the lifetime of 10,000 tokens.
    /// </summary>
    public static IReadOnlyList<IBenchmarkScenario> ByNameOnly { get; } =
    [
        new ScaleScenario(),
        new RoutedScenario(),
        new RefreshSpreadScenario(),
    ];

    public static IReadOnlyList<IBenchmarkScenario> Resolve(IEnumerable<string> names)
    {
        var chosen = new List<IBenchmarkScenario>();
        foreach (var name in names)
        {
            var matches = name == "all" ? All : All.Concat(ByNameOnly).Where(s => s.Name == name).ToList();
            if (matches.Count == 0)
            {
                throw new ArgumentException($"unknown scenario '{name}'; known: {string.Join(", ", All.Concat(ByNameOnly).Select(s => s.Name))}, all");
            }

            chosen.AddRange(matches.Where(m => !chosen.Contains(m)));
        }

        return chosen;
    }
}
