using System.Diagnostics;

namespace AiCaller.Email.Benchmarks.Measurement;

/// <summary>
/// When each of many concurrent operations completed, from the moment this was made: the rate over the first tenth
/// against the rate over the last shows whether operations slow down as the system fills up.
/// </summary>
public sealed class CompletionRate
{
    private readonly Lock _gate = new();
    private readonly List<TimeSpan> _completions = [];
    private readonly long _start = Stopwatch.GetTimestamp();

    public void Record()
    {
        var at = Stopwatch.GetElapsedTime(_start);
        lock (_gate)
        {
            _completions.Add(at);
        }
    }

    /// <summary>Operations per second over the completions between two fractions of them, e.g. 0.9 and 1 for the last tenth.</summary>
    public double PerSecondBetween(double from, double to)
    {
        lock (_gate)
        {
            var first = (int)(from * _completions.Count);
            var end = (int)(to * _completions.Count);
            if (end <= first)
            {
                return 0;
            }

            var since = first == 0 ? TimeSpan.Zero : _completions[first - 1];
            return (end - first) / Math.Max((_completions[end - 1] - since).TotalSeconds, 1e-9);
        }
    }
}
