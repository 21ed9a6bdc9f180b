using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Runtime.Hosting;
using Orleans.Serialization.Serializers;
using Orleans.Storage;

namespace AiCaller.Email.Grains.Storage.Sqlite;

/// <summary>Puts a silo's grain state and reminders into the host's <see cref="SqliteDatabase"/>.</summary>
public static class SqliteStorageSiloBuilderExtensions
{
    /// <param name="storageName">The name <c>[PersistentState]</c> refers to.</param>
    /// <param name="serializer">Turns state into the stored payload and back (the place to encrypt it).</param>
    public static ISiloBuilder UseSqliteStorage(
        this ISiloBuilder silo, string storageName, Func<IServiceProvider, IGrainStorageSerializer> serializer)
    {
        silo.Services.AddGrainStorage(storageName, (services, _) => new SqliteGrainStorage(
            services.GetRequiredService<SqliteDatabase>(),
            services.GetRequiredService<IOptions<ClusterOptions>>().Value.ServiceId,
            serializer(services),
            services.GetRequiredService<IActivatorProvider>()));
        silo.AddReminders();
        silo.Services.AddSingleton<IReminderTable, SqliteReminderTable>();
        return silo;
    }
}
