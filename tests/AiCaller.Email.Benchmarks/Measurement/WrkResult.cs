using System.Text.Json;
using System.Text.Json.Serialization;

namespace AiCaller.Email.Benchmarks.Measurement;

/// <summary>What wrk measured in one run, as its <c>done()</c> reported it: totals, socket and status errors, latencies in µs.</summary>
public sealed record WrkResult(long Requests, long DurationUs, long Bytes, WrkErrors Errors, WrkLatency LatencyUs)
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public double Seconds => DurationUs / 1e6;

    public double RequestsPerSecond => Requests / Math.Max(Seconds, 1e-9);

    /// <summary>The result line of wrk's output (see <see cref="WrkScript.ResultMarker"/>).</summary>
    public static WrkResult Parse(string output)
    {
        var line = output.Split('\n').Select(l => l.Trim()).LastOrDefault(l => l.StartsWith(WrkScript.ResultMarker, StringComparison.Ordinal))
            ?? throw new FormatException($"wrk printed no result line:{Environment.NewLine}{output}");
        return JsonSerializer.Deserialize<WrkResult>(line[WrkScript.ResultMarker.Length..], Json)
            ?? throw new FormatException($"wrk's result line is empty: {line}");
    }
}

/// <summary>
/// wrk's error counters: sockets that failed to connect, read, write or timed out, and answers with a status of 400 or more.
/// </summary>
public sealed record WrkErrors(long Connect, long Read, long Write, long Status, long Timeout)
{
    [JsonIgnore]
    public long Total => Connect + Read + Write + Status + Timeout;

    public override string ToString() =>
        Total == 0 ? "none" : string.Join(", ", new[] { ("connect", Connect), ("read", Read), ("write", Write), ("status≥400", Status), ("timeout", Timeout) }
            .Where(e => e.Item2 > 0).Select(e => $"{e.Item1} {e.Item2}"));
}

/// <summary>Latency over every request of the run, in microseconds (wrk's own histogram).</summary>
public sealed record WrkLatency(long Min, double Mean, double Stdev, long Max, long P50, long P90, long P99, long P999);
