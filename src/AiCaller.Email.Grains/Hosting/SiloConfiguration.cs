using AiCaller.Email.Grains.Health;
using AiCaller.Email.Grains.Security;
using AiCaller.Email.Grains.Storage.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace AiCaller.Email.Grains.Hosting;

/// <summary>How a silo of this product is built; the storage is chosen by configuration.</summary>
public static class SiloConfiguration
{
    /// <summary>The embedded default: one local silo with the SQLite-backed grains of <see cref="AddEmailGrains"/>.</summary>
    public static ISiloBuilder UseEmbeddedDefaults(this ISiloBuilder silo, HostSettings settings)
    {
        silo.UseLocalhostClustering(settings.SiloPort, settings.GatewayPort, serviceId: settings.ServiceId, clusterId: settings.ClusterId);
        return silo.AddEmailGrains(settings);
    }

    /// <summary>
    /// What the mailbox grains need in any silo: encrypted grain state and durable reminders in the host's database,
    /// and the mail providers. Clustering is the caller's choice.
    /// </summary>
    public static ISiloBuilder AddEmailGrains(this ISiloBuilder silo, HostSettings settings)
    {
        silo.UseSqliteStorage(StorageNames.Default, services => services.GetRequiredService<EncryptedGrainStorageSerializer>());
        silo.Services.AddSingleton<IStorageProbe, DatabaseProbe>();
        silo.Services.AddMailProviders();
        return silo;
    }
}
