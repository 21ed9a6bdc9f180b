using System.Diagnostics;
using AiCaller.Email.Benchmarks.Measurement;

namespace AiCaller.Email.Benchmarks.Scenarios;

/// <summary>Sequential GET /api/health/integrations: the latency one caller sees, with nothing else in flight.</summary>
public static class HealthProbe
{
    public static async Task<LatencySummary> MeasureAsync(HttpClient api, int samples, CancellationToken ct)
    {
        var latencies = new LatencyRecorder();
        // A few untimed calls first, so that the first sample does not pay for activating the directory grain.
        for (var i = 0; i < samples + 5 && !ct.IsCancellationRequested; i++)
        {
            var started = Stopwatch.GetTimestamp();
            using var response = await api.GetAsync("/api/health/integrations", CancellationToken.None);
            response.EnsureSuccessStatusCode();
            if (i >= 5)
            {
                latencies.Record(Stopwatch.GetElapsedTime(started));
            }
        }

        return latencies.Summarize();
    }
}
