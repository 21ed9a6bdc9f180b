using AiCaller.Email.Benchmarks.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace AiCaller.Email.Benchmarks.Scenarios;

/// <summary>How many mailbox grains the host's silo has activated right now, by Orleans' own count.</summary>
public static class MailboxActivations
{
    public static async Task<int> CountAsync(BenchmarkWorld world)
    {
        var statistics = await Management(world).GetSimpleGrainStatistics();
        return statistics.Where(s => s.GrainType.Contains("MailboxGrain", StringComparison.Ordinal)).Sum(s => s.ActivationCount);
    }

    public static IManagementGrain Management(BenchmarkWorld world) =>
        world.Host.Services.GetRequiredService<IGrainFactory>().GetGrain<IManagementGrain>(0);
}
