using AiCaller.Email.Grains.Health;
using AiCaller.Email.Grains.Security;
using AiCaller.Email.Grains.Storage.Legacy;
using AiCaller.Email.Grains.Storage.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.Dashboard;

namespace AiCaller.Email.Grains.Hosting;

/// <summary>How a silo of this product is built; <see cref="HostSettings.UsesPostgres"/> chooses the storage and the clustering.</summary>
public static class SiloConfiguration
{
    private const string Npgsql = "Npgsql";

    /// <summary>
    /// A silo of the product: alone on the machine with SQLite (the embedded default, whose co-hosted API needs no
    /// gateway, so none listens), or one of a cluster on PostgreSQL.
    /// </summary>
    public static ISiloBuilder UseEmailSilo(this ISiloBuilder silo, HostSettings settings)
    {
        if (settings.PostgresConnectionString is { } connectionString)
        {
            silo.Configure<ClusterOptions>(options =>
            {
                options.ClusterId = settings.ClusterId;
                options.ServiceId = settings.ServiceId;
            });
            silo.ConfigureEndpoints(settings.SiloPort, settings.GatewayPort, listenOnAnyHostAddress: true);
            if (settings.AdvertisedIp is { } advertised)
            {
                silo.Configure<EndpointOptions>(options => options.AdvertisedIPAddress = advertised);
            }

            silo.UseAdoNetClustering(options =>
            {
                options.Invariant = Npgsql;
                options.ConnectionString = connectionString;
            });
            silo.UseSmallClusterFailureDetection();
        }
        else
        {
            silo.UseLocalhostClustering(settings.SiloPort, settings.GatewayPort, serviceId: settings.ServiceId, clusterId: settings.ClusterId);
            silo.Configure<EndpointOptions>(options => options.GatewayPort = 0);
        }

        if (settings.ClusterCertificate is { } certificate)
        {
            silo.UseClusterTls(certificate);
        }

        silo.AddDashboard(EmailDashboard.Configure);

        if (settings.ExportsOverOtlp)
        {
            // Grain calls continue the caller's trace (an API request's, or another silo's call).
            silo.AddActivityPropagation();
        }

        return silo.AddEmailGrains(settings);
    }

    /// <summary>
    /// What the mailbox grains need in any silo: encrypted grain state and durable reminders in the product's database,
    /// and the mail providers. Clustering is the caller's choice.
    /// </summary>
    public static ISiloBuilder AddEmailGrains(this ISiloBuilder silo, HostSettings settings)
    {
        if (settings.PostgresConnectionString is { } connectionString)
        {
            silo.AddAdoNetGrainStorage(StorageNames.Default, options =>
            {
                options.Invariant = Npgsql;
                options.ConnectionString = connectionString;
            });
            silo.Services.AddOptions<AdoNetGrainStorageOptions>(StorageNames.Default)
                .Configure<EncryptedGrainStorageSerializer>((options, serializer) => options.GrainStorageSerializer = serializer);
            silo.UseAdoNetReminderService(options =>
            {
                options.Invariant = Npgsql;
                options.ConnectionString = connectionString;
            });
        }
        else
        {
            silo.UseSqliteStorage(StorageNames.Default, services => services.GetRequiredService<EncryptedGrainStorageSerializer>());
            silo.Services.AddSingleton<LegacyFileStoreImport>();
        }

        silo.Services.AddSingleton<KeyRingCheck>();
        silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, StorageStartup>();
        silo.Services.AddSingleton<IStorageProbe, DatabaseProbe>();
        silo.Services.AddMailProviders();
        return silo;
    }
}
