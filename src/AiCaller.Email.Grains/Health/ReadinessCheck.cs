using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AiCaller.Email.Grains.Health;

/// <summary>/readyz: a silo answers and its storage is reachable.</summary>
public sealed class ReadinessCheck(IGrainFactory grains) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var problem = await grains.GetGrain<IReadinessGrain>(0).ProbeAsync().WaitAsync(TimeSpan.FromSeconds(10), cancellationToken);
            return problem is null ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy(problem);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("No silo answered", e);
        }
    }
}
