using AiCaller.Email.Grains.Storage;
using AiCaller.Email.Grains.Storage.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace AiCaller.Email.Grains.Hosting;

/// <summary>The embedded default's storage: one SQLite database under DATA_DIR for everything the host keeps.</summary>
public static class EmbeddedDatabase
{
    public static IServiceCollection AddEmbeddedDatabase(this IServiceCollection services, HostSettings settings)
    {
        services.AddSingleton(_ => SqliteDatabase.Open(settings.DataDirectory));
        services.AddSingleton<IDatabase>(provider => provider.GetRequiredService<SqliteDatabase>());

        // Registered before the silo, so that the database is open, migrated and checked before any grain runs.
        services.AddHostedService<StorageStartup>();
        return services;
    }
}
