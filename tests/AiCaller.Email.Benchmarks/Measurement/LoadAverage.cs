namespace AiCaller.Email.Benchmarks.Measurement;

/// <summary>The machine's 1, 5 and 15 minute load averages, which say how busy it was during a run.</summary>
public static class LoadAverage
{
    public static string Now() =>
        File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";
}
