using AiCaller.Email.Grains.Storage;
using AiCaller.Email.Grains.Storage.Postgres;
using AiCaller.Email.Grains.Storage.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace AiCaller.Email.Grains.Hosting;

/// <summary>
/// Where the product keeps everything, chosen here and nowhere else: one SQLite database under DATA_DIR by default, the
/// cluster's PostgreSQL database when a connection string is set.
/// </summary>
public static class ProductDatabase
{
    private static readonly TimeSpan PostgresStartupWait = TimeSpan.FromSeconds(60);

    public static IServiceCollection AddProductDatabase(this IServiceCollection services, HostSettings settings)
    {
        // Opened now, before the host is built: a host that cannot have its database stops here, with nothing else started.
        if (settings.PostgresConnectionString is { } connectionString)
        {
            var postgres = OpenPostgres(connectionString);
            services.AddSingleton(_ => postgres);
            services.AddSingleton<IDatabase>(provider => provider.GetRequiredService<PostgresDatabase>());
        }
        else
        {
            var sqlite = SqliteDatabase.Open(settings.DataDirectory);
            services.AddSingleton(_ => sqlite);
            services.AddSingleton<IDatabase>(provider => provider.GetRequiredService<SqliteDatabase>());
        }

        services.AddSingleton<HostFacts>();
        return services;
    }

    // Hosts of a cluster often start beside their database: wait for it a while rather than fail on the first try.
    private static PostgresDatabase OpenPostgres(string connectionString)
    {
        var deadline = DateTimeOffset.UtcNow + PostgresStartupWait;
        while (true)
        {
            try
            {
                return PostgresDatabase.OpenAsync(connectionString).GetAwaiter().GetResult();
            }
            catch (NpgsqlException e) when (e.IsTransient && DateTimeOffset.UtcNow < deadline)
            {
                Console.Error.WriteLine($"Waiting for PostgreSQL: {e.Message}");
                Thread.Sleep(TimeSpan.FromSeconds(2));
            }
            catch (NpgsqlException e)
            {
                throw new StartupRefusedException($"The PostgreSQL database could not be opened: {e.Message}", e);
            }
            catch (ArgumentException e)
            {
                throw new StartupRefusedException(
                    $"{SettingNames.AsEnvironmentVariable(SettingNames.PostgresConnectionString)} is not a PostgreSQL connection string: {e.Message}", e);
            }
        }
    }
}
