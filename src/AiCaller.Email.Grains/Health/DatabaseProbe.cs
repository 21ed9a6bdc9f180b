using System.Data.Common;
using System.Globalization;
using AiCaller.Email.Grains.Storage;

namespace AiCaller.Email.Grains.Health;

/// <summary>Ready means the database takes a durable write, not merely that it answers.</summary>
public sealed class DatabaseProbe(HostFacts facts, TimeProvider clock) : IStorageProbe
{
    public async Task<string?> ProbeAsync(CancellationToken cancellationToken)
    {
        try
        {
            await facts.SetAsync("readiness_probe", clock.GetUtcNow().ToString("O", CultureInfo.InvariantCulture));
            return null;
        }
        catch (Exception e) when (e is DbException or IOException or InvalidOperationException)
        {
            return $"The database does not take writes: {e.Message}";
        }
    }
}
