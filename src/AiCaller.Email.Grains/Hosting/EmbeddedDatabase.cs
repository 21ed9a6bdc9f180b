using AiCaller.Email.Grains.Storage;
using AiCaller.Email.Grains.Storage.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace AiCaller.Email.Grains.Hosting;

/// <summary>The embedded default's storage: one SQLite database under DATA_DIR for everything the host keeps.</summary>
public static class EmbeddedDatabase
{
    public static IServiceCollection AddEmbeddedDatabase(this IServiceCollection services, HostSettings settings)
    {
        // Opened now, before the host is built: a second host on the directory stops here, with nothing else started.
        var database = SqliteDatabase.Open(settings.DataDirectory);
        services.AddSingleton(_ => database);
        services.AddSingleton<IDatabase>(provider => provider.GetRequiredService<SqliteDatabase>());
        services.AddSingleton<HostFacts>();
        return services;
    }
}
