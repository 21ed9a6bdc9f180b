namespace AiCaller.Email.Benchmarks.Measurement;

/// <summary>
/// One measured cell: an operation at a number of connections against one target. For direct and proxy an operation
/// is <see cref="CallsPerOperation"/> provider calls made one after another (a Gmail list of one is two), so their
/// operations per second are requests ÷ calls, and their per-operation latency is taken as calls × the per-call
/// percentile (exact for one call, an estimate for more).
/// </summary>
public sealed record RoutedCell(string Operation, int Connections, RoutedTarget Target, int Threads, int CallsPerOperation, WrkResult Result)
{
    public double OperationsPerSecond => Result.RequestsPerSecond / CallsPerOperation;

    public double P50Ms => CallsPerOperation * Result.LatencyUs.P50 / 1000.0;

    public double P99Ms => CallsPerOperation * Result.LatencyUs.P99 / 1000.0;
}
