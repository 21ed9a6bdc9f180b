using System.Globalization;

namespace AiCaller.Email.Benchmarks.Measurement;

/// <summary>What a <see cref="LatencyRecorder"/> saw, in milliseconds.</summary>
public sealed record LatencySummary(int Count, double Mean, double P50, double P95, double P99, double Max)
{
    /// <summary>"p50 / p95 / p99 / max" in milliseconds.</summary>
    public string Quantiles => $"{Ms(P50)} / {Ms(P95)} / {Ms(P99)} / {Ms(Max)}";

    public static string Ms(double milliseconds) => milliseconds.ToString(milliseconds < 10 ? "0.00" : "0.0", CultureInfo.InvariantCulture);
}
