using System.Runtime;
using System.Runtime.InteropServices;

namespace AiCaller.Email.Benchmarks.Reporting;

/// <summary>The facts a reader needs to compare two reports: cores, memory, runtime, GC mode.</summary>
public static class MachineFacts
{
    public static ResultTable Describe(BenchmarkOptions options)
    {
        var memory = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        return new ResultTable("Machine", "fact", "value")
            .Add("cores", Environment.ProcessorCount.ToString())
            .Add("memory available to the process", $"{memory / (1024.0 * 1024 * 1024):0.0} GiB")
            .Add("OS", RuntimeInformation.OSDescription)
            .Add(".NET", $"{RuntimeInformation.FrameworkDescription} ({RuntimeInformation.ProcessArchitecture})")
            .Add("GC", $"{(GCSettings.IsServerGC ? "server" : "workstation")}, {GCSettings.LatencyMode}")
            .Add("build", IsOptimized() ? "Release" : "Debug (numbers are not representative)")
            .Add("mode", options.Quick ? "--quick" : "defaults")
            .Add("started", DateTimeOffset.UtcNow.ToString("yyyy-MM-dd HH:mm:ss 'UTC'"));
    }

    private static bool IsOptimized() =>
        typeof(MachineFacts).Assembly.GetCustomAttributes(typeof(System.Diagnostics.DebuggableAttribute), false)
            is not [System.Diagnostics.DebuggableAttribute { IsJITOptimizerDisabled: true }];
}
