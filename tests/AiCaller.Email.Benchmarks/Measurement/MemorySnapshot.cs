using System.Diagnostics;

namespace AiCaller.Email.Benchmarks.Measurement;

/// <summary>The managed heap after a full, compacting collection, and the process working set, at one moment.</summary>
public sealed record MemorySnapshot(long ManagedBytes, long WorkingSetBytes)
{
    public static MemorySnapshot Take()
    {
        // Twice: finalizers run by the first collection may free more for the second.
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        var managed = GC.GetTotalMemory(forceFullCollection: true);
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        return new MemorySnapshot(managed, process.WorkingSet64);
    }

    public static string Mib(long bytes) => $"{bytes / (1024.0 * 1024.0):0.0} MiB";
}
