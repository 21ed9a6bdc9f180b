using System.Data.Common;
using AiCaller.Email.Grains.Storage;

namespace AiCaller.Email.Grains.Health;

/// <summary>Ready means the database takes a durable write, not merely that it answers.</summary>
public sealed class DatabaseProbe(IDatabase database, TimeProvider clock) : IStorageProbe
{
    public async Task<string?> ProbeAsync(CancellationToken cancellationToken)
    {
        try
        {
            await database.WriteAsync((connection, transaction) => connection.Command(
                    "INSERT INTO host_facts (name, value) VALUES ('readiness_probe', @now) ON CONFLICT (name) DO UPDATE SET value = excluded.value",
                    transaction)
                .With("now", clock.GetUtcNow().ToString("O"))
                .RunAsync(cancellationToken), cancellationToken);
            return null;
        }
        catch (Exception e) when (e is DbException or IOException or InvalidOperationException or ObjectDisposedException)
        {
            return $"The database does not take writes: {e.Message}";
        }
    }
}
