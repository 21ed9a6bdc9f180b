namespace AiCaller.Email.Benchmarks.Scenarios;

/// <summary>Every scenario by its command-line name, in the order <c>all</c> runs them.</summary>
public static class ScenarioCatalog
{
    public static IReadOnlyList<IBenchmarkScenario> All { get; } =
    [
        new ConnectScenario(),
        new SendScenario(),
        new ListScenario(),
        new StatusIdleMemoryScenario(),
        new RefreshSpreadScenario(),
    ];

    public static IReadOnlyList<IBenchmarkScenario> Resolve(IEnumerable<string> names)
    {
        var chosen = new List<IBenchmarkScenario>();
        foreach (var name in names)
        {
            var matches = name == "all" ? All : All.Where(s => s.Name == name).ToList();
            if (matches.Count == 0)
            {
                throw new ArgumentException($"unknown scenario '{name}'; known: {string.Join(", ", All.Select(s => s.Name))}, all");
            }

            chosen.AddRange(matches.Where(m => !chosen.Contains(m)));
        }

        return chosen;
    }
}
