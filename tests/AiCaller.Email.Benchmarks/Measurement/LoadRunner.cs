using System.Diagnostics;

namespace AiCaller.Email.Benchmarks.Measurement;

/// <summary>
/// Runs <c>count</c> operations with <c>concurrency</c> workers, timing each. Bounded twice: by count, and by a
/// time limit after which no new operation starts (those in flight finish).
/// </summary>
public static class LoadRunner
{
    /// <param name="operation">Runs operation number i and returns its outcome ("200", "409", ...).</param>
    public static async Task<LoadResult> RunAsync(
        string label, int count, int concurrency, TimeSpan timeLimit, Func<int, Task<string>> operation, CancellationToken ct)
    {
        var latencies = new LatencyRecorder();
        var outcomes = new StatusTally();
        var progress = new ProgressReporter(label, count);
        var next = -1;
        var clock = Stopwatch.StartNew();

        async Task WorkerAsync()
        {
            int index;
            while ((index = Interlocked.Increment(ref next)) < count && clock.Elapsed < timeLimit && !ct.IsCancellationRequested)
            {
                var started = Stopwatch.GetTimestamp();
                string outcome;
                try
                {
                    outcome = await operation(index);
                }
                catch (Exception e)
                {
                    // A failed operation is an outcome to report, not a reason to stop measuring; the first of
                    // each kind is printed whole, so that a failure can be told from a benchmark bug.
                    outcome = e.GetType().Name;
                    if (outcomes.Of(outcome) == 0)
                    {
                        Console.WriteLine($"  [{label}] operation {index} failed: {e}");
                    }
                }

                latencies.Record(Stopwatch.GetElapsedTime(started));
                outcomes.Add(outcome);
                progress.Advance();
            }
        }

        await Task.WhenAll(Enumerable.Range(0, Math.Min(concurrency, count)).Select(_ => Task.Run(WorkerAsync, CancellationToken.None)));
        clock.Stop();
        var summary = latencies.Summarize();
        if (summary.Count < count)
        {
            Console.WriteLine($"  [{label}] stopped after {summary.Count}/{count}: time limit {timeLimit.TotalSeconds:0} s or cancelled");
        }

        return new LoadResult(latencies, summary, outcomes, clock.Elapsed);
    }
}
