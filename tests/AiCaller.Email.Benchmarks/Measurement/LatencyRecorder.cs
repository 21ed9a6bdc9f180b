namespace AiCaller.Email.Benchmarks.Measurement;

/// <summary>Latencies of many concurrent operations, in milliseconds, and their nearest-rank percentiles.</summary>
public sealed class LatencyRecorder
{
    private readonly Lock _gate = new();
    private readonly List<double> _milliseconds = [];

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _milliseconds.Count;
            }
        }
    }

    public void Record(TimeSpan elapsed)
    {
        lock (_gate)
        {
            _milliseconds.Add(elapsed.TotalMilliseconds);
        }
    }

    public LatencySummary Summarize() => SummarizeSlice(0, 1);

    /// <summary>
    /// The operations that completed between two fractions of the run, in completion order: comparing the first
    /// tenth with the last shows whether an operation slows down as the system fills up.
    /// </summary>
    public LatencySummary SummarizeSlice(double from, double to)
    {
        double[] sorted;
        lock (_gate)
        {
            var start = (int)(from * _milliseconds.Count);
            var end = (int)(to * _milliseconds.Count);
            sorted = _milliseconds.GetRange(start, Math.Max(0, end - start)).ToArray();
        }

        Array.Sort(sorted);
        return sorted.Length == 0
            ? new LatencySummary(0, 0, 0, 0, 0, 0)
            : new LatencySummary(sorted.Length, sorted.Average(), Rank(sorted, 0.50), Rank(sorted, 0.95), Rank(sorted, 0.99), sorted[^1]);
    }

    private static double Rank(double[] sorted, double quantile) =>
        sorted[Math.Clamp((int)Math.Ceiling(quantile * sorted.Length) - 1, 0, sorted.Length - 1)];
}
