using System.Diagnostics;

namespace AiCaller.Email.Benchmarks.Measurement;

/// <summary>Prints one line each time another tenth of <c>total</c> is done; safe to call from many threads.</summary>
public sealed class ProgressReporter(string label, int total)
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private int _done;
    private int _lastTenth;

    public void Advance(int by = 1)
    {
        var done = Interlocked.Add(ref _done, by);
        var tenth = total == 0 ? 10 : (int)(10L * done / total);
        var last = Volatile.Read(ref _lastTenth);
        while (tenth > last)
        {
            if (Interlocked.CompareExchange(ref _lastTenth, tenth, last) == last)
            {
                var seconds = _clock.Elapsed.TotalSeconds;
                Console.WriteLine($"  [{label}] {done}/{total} ({tenth * 10}%) after {seconds:0.0} s, {done / Math.Max(seconds, 0.001):0} per s");
                return;
            }

            last = Volatile.Read(ref _lastTenth);
        }
    }
}
