using AiCaller.Email.Benchmarks.Reporting;

namespace AiCaller.Email.Benchmarks.Scenarios;

/// <summary>One measurement of the real path; it prints progress while it runs and returns its result tables.</summary>
public interface IBenchmarkScenario
{
    /// <summary>The name given on the command line.</summary>
    string Name { get; }

    string Description { get; }

    Task<IReadOnlyList<ResultTable>> RunAsync(ScenarioContext context);
}
