namespace AiCaller.Email.Benchmarks.Measurement;

/// <summary>
/// One measured cell: an operation at a number of connections against one target. For direct and proxy an operation
/// is <see cref="CallsPerOperation"/> provider calls made one after another (a Gmail list of one is two), so their
/// operations per second are requests ÷ calls, and their per-operation latency is taken as calls × the per-call
/// percentile (exact for one call, an estimate for more). For routed, <see cref="ApiCpu"/> is the processor time the API
/// process used during the measured run: per request it is what the product costs, however busy the machine is.
/// </summary>
public sealed record RoutedCell(
    string Operation, int Connections, RoutedTarget Target, int Threads, int CallsPerOperation, WrkResult Result, TimeSpan? ApiCpu = null)
{
    /// <summary>The API process's processor time per request, in µs (user and system, all threads).</summary>
    public double? ApiCpuUsPerRequest => ApiCpu is { } cpu && Result.Requests > 0 ? cpu.TotalMicroseconds / Result.Requests : null;

    public double OperationsPerSecond => Result.RequestsPerSecond / CallsPerOperation;

    public double P50Ms => CallsPerOperation * Result.LatencyUs.P50 / 1000.0;

    public double P99Ms => CallsPerOperation * Result.LatencyUs.P99 / 1000.0;
}
