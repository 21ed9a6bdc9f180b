namespace AiCaller.Email.Benchmarks.Measurement;

/// <summary>The latencies and outcomes of one <see cref="LoadRunner"/> run, and how long it took end to end.</summary>
public sealed record LoadResult(LatencyRecorder Latencies, LatencySummary Latency, StatusTally Outcomes, TimeSpan Elapsed)
{
    public double PerSecond => Latency.Count / Math.Max(Elapsed.TotalSeconds, 1e-9);
}
