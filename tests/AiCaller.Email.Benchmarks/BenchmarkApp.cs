using System.Diagnostics;
using AiCaller.Email.Benchmarks.Reporting;
using AiCaller.Email.Benchmarks.Scenarios;

namespace AiCaller.Email.Benchmarks;

/// <summary>
/// The entry point. Not top-level statements: those would declare a second <c>Program</c> and hide the API's,
/// which <see cref="Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory{TEntryPoint}"/> needs.
/// </summary>
public static class BenchmarkApp
{
    public static async Task<int> Main(string[] args)
    {
        BenchmarkOptions options;
        IReadOnlyList<IBenchmarkScenario> scenarios;
        try
        {
            options = BenchmarkOptions.Parse(args);
            scenarios = ScenarioCatalog.Resolve(options.Scenarios);
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine(e.Message);
            return 2;
        }

        // WebApplicationFactory finds the API's content root through MvcTestingAppManifest.json in the working
        // directory, as under a test runner; `dotnet run --project` starts us in the repository root instead.
        Directory.SetCurrentDirectory(AppContext.BaseDirectory);

        using var cancellation = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            // Stop issuing requests, then clean up (the temporary DATA_DIR included) instead of dying mid-write.
            e.Cancel = true;
            cancellation.Cancel();
        };

        Console.WriteLine("# AiCaller.Email benchmarks");
        Console.WriteLine();
        Console.WriteLine(MachineFacts.Describe(options));
        Console.WriteLine($"scenarios: {string.Join(", ", scenarios.Select(s => s.Name))}; mailboxes {options.Mailboxes}, " +
            $"requests {options.Requests}, concurrency {options.Concurrency}, idle grains {options.IdleGrains}" +
            (scenarios.Any(s => s is ScaleScenario) ? $"; seeded {options.Seeded}, oauth {options.OAuthConnected}, active {options.ActiveGrains}" : "") +
            (scenarios.Any(s => s is RoutedScenario)
                ? $"; routed: {options.Routed.MailboxesPerProvider} mailboxes per provider, connections {string.Join(",", options.Routed.Connections)}, " +
                  $"{options.Routed.WarmUpSeconds} s warm-up + {options.Routed.CellSeconds} s per cell, results in {options.Routed.ResultsDirectory}"
                : "") +
            (scenarios.Any(s => s is RefreshSpreadScenario)
                ? $"; refresh-spread: {options.RefreshSpread.Mailboxes} mailboxes, token lifetime {options.RefreshSpread.TokenLifetimeSeconds} s, " +
                  $"token endpoint limit {options.RefreshSpread.TokenRequestsPerSecond}/s, {options.RefreshSpread.ApiCallsPerSecond} API calls/s, " +
                  $"results in {options.RefreshSpread.ResultsDirectory}"
                : ""));

        var tables = new List<ResultTable>();
        var failed = 0;
        var total = Stopwatch.StartNew();
        await using (var context = new ScenarioContext(options, cancellation.Token))
        {
            foreach (var scenario in scenarios.TakeWhile(_ => !cancellation.IsCancellationRequested))
            {
                Console.WriteLine();
                Console.WriteLine($"== {scenario.Name}: {scenario.Description}");
                var clock = Stopwatch.StartNew();
                try
                {
                    var results = await scenario.RunAsync(context);
                    Console.WriteLine($"  done in {clock.Elapsed.TotalSeconds:0.0} s");
                    Console.WriteLine();
                    results.ToList().ForEach(Console.WriteLine);
                    tables.AddRange(results);
                }
                catch (Exception e)
                {
                    // One broken scenario is reported; the others still run and the report still prints.
                    failed++;
                    Console.WriteLine($"  {scenario.Name} FAILED after {clock.Elapsed.TotalSeconds:0.0} s: {e}");
                }
            }
        }

        if (scenarios.Count > 1)
        {
            Console.WriteLine();
            Console.WriteLine($"## Summary ({total.Elapsed.TotalSeconds:0} s in all)");
            Console.WriteLine();
            tables.ForEach(Console.WriteLine);
        }

        return failed == 0 ? 0 : 1;
    }
}
