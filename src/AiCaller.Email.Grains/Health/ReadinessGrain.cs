using Orleans.Concurrency;

namespace AiCaller.Email.Grains.Health;

[GrainType("readiness")]
[StatelessWorker]
public sealed class ReadinessGrain(IEnumerable<IStorageProbe> probes) : Grain, IReadinessGrain
{
    public async Task<string?> ProbeAsync()
    {
        foreach (var probe in probes)
        {
            if (await probe.ProbeAsync(CancellationToken.None) is { } problem)
            {
                return problem;
            }
        }

        return null;
    }
}
