using System.Data.Common;
using System.Globalization;
using AiCaller.Email.Grains.Hosting;

namespace AiCaller.Email.Grains.Storage.Schema;

/// <summary>
/// Brings a database to the newest schema this build knows, inside the caller's transaction, so that a failed step
/// leaves the database as it was. A database newer than this build is refused rather than written to.
/// </summary>
public static class SchemaMigrator
{
    /// <returns>The schema version the database is at afterwards.</returns>
    public static async Task<int> MigrateAsync(DbConnection connection, DbTransaction transaction, SchemaDefinition schema, SqlDialect dialect)
    {
        var migrations = schema.Migrations;
        await connection.Command(schema.VersionTableSql, transaction).RunAsync();
        var current = Convert.ToInt32(
            await connection.Command("SELECT MAX(version) FROM schema_migrations", transaction).ScalarAsync() ?? 0,
            CultureInfo.InvariantCulture);
        var newest = migrations.Max(m => m.Version);
        if (current > newest)
        {
            throw new StartupRefusedException(
                $"The database schema is at version {current}, newer than this build's {newest}: a newer release wrote it. Run that release (or a later one).");
        }

        foreach (var migration in migrations.Where(m => m.Version > current).OrderBy(m => m.Version))
        {
            await connection.Command(migration.Sql, transaction).RunAsync();
            await connection.Command(
                    "INSERT INTO schema_migrations (version, description, applied_at) VALUES (@version, @description, @appliedAt)", transaction)
                .With("version", migration.Version)
                .With("description", migration.Description)
                .With("appliedAt", dialect.Instant(DateTimeOffset.UtcNow))
                .RunAsync();
        }

        return newest;
    }
}
