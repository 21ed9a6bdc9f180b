using AiCaller.Email.Grains.Health;
using AiCaller.Email.Grains.Security;
using AiCaller.Email.Grains.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace AiCaller.Email.Grains.Hosting;

/// <summary>How a silo of this product is built; the storage is chosen by configuration.</summary>
public static class SiloConfiguration
{
    /// <summary>The embedded default: one local silo with the file-backed grains of <see cref="AddEmailGrains"/>.</summary>
    public static ISiloBuilder UseEmbeddedDefaults(this ISiloBuilder silo, HostSettings settings)
    {
        silo.UseLocalhostClustering(settings.SiloPort, settings.GatewayPort, serviceId: settings.ServiceId, clusterId: settings.ClusterId);
        return silo.AddEmailGrains(settings);
    }

    /// <summary>
    /// What the mailbox grains need in any silo: encrypted file storage and a durable reminder file under
    /// DATA_DIR, and the mail providers. Clustering is the caller's choice.
    /// </summary>
    public static ISiloBuilder AddEmailGrains(this ISiloBuilder silo, HostSettings settings)
    {
        var orleansData = Path.Combine(settings.DataDirectory, "orleans");
        silo.AddFileGrainStorage(StorageNames.Default, o => o.RootDirectory = orleansData);
        silo.Services.AddOptions<FileStorageOptions>(StorageNames.Default)
            .Configure<EncryptedGrainStorageSerializer>((o, serializer) => o.GrainStorageSerializer = serializer);
        silo.UseFileReminderService(o => o.RootDirectory = orleansData);
        silo.Services.AddSingleton<IStorageProbe>(new DataDirectoryProbe(orleansData));
        silo.Services.AddMailProviders();
        return silo;
    }
}
