namespace AiCaller.Email.Benchmarks.Measurement;

/// <summary>
/// The bytes this process has caused to be written to storage so far: Linux's <c>write_bytes</c> of /proc/self/io,
/// counted when pages reach the disk (an fsync), whatever file they belong to.
/// </summary>
public static class DiskWrites
{
    private const string Counters = "/proc/self/io";

    /// <returns>The count, or null where the operating system does not keep it.</returns>
    public static long? SoFar()
    {
        if (!File.Exists(Counters))
        {
            return null;
        }

        var line = File.ReadLines(Counters).FirstOrDefault(l => l.StartsWith("write_bytes:", StringComparison.Ordinal));
        return line is null ? null : long.Parse(line["write_bytes:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Bytes per operation between two readings, e.g. "4,130", or "n/a".</summary>
    public static string PerOperation(long? before, long? after, int operations) =>
        before is { } b && after is { } a && operations > 0 ? $"{(a - b) / operations:N0}" : "n/a";
}
