using AiCaller.Email.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Storage;

namespace AiCaller.Email.Tests.Storage.Postgres;

/// <summary>
/// The grain storage contract on PostgreSQL: Orleans' own AdoNetGrainStorage, configured as the product configures it
/// (invariant Npgsql, a connection string, DeleteStateOnClear off), running the product's queries from OrleansQuery.
/// </summary>
public class PostgresGrainStorageTests : GrainStorageConformance, IAsyncLifetime
{
    private PostgresTestDatabase _test = null!;

    /// <summary>The product leaves it off: clearing runs ClearStorageKey.</summary>
    protected virtual bool DeleteStateOnClear => false;

    protected override bool ClearKeepsTheRow => !DeleteStateOnClear;

    public async Task InitializeAsync() => _test = await PostgresTestDatabase.CreateAsync();

    public async Task DisposeAsync() => await _test.DisposeAsync();

    /// <summary>
    /// Orleans' provider reads the row first when the grain holds neither a record nor an ETag, and then clears what it
    /// read, where the product's SQLite storage refuses: a grain that never saw the record still clears it.
    /// </summary>
    [Fact]
    public async Task Clearing_without_an_etag_reads_the_row_first_and_clears_it()
    {
        var storage = await CreateStorageAsync();
        await storage.WriteStateAsync(StateName, Mailbox, new GrainState<Counter>(new Counter { Count = 1 }));
        var blind = new GrainState<Counter>(new Counter { Count = 9 });

        await storage.ClearStateAsync(StateName, Mailbox, blind);

        await AssertClearedRowAsync(ServiceId, StateName, Mailbox, clearedVersion: 1);
        Assert.Equal((false, ClearKeepsTheRow ? "2" : null, 0), (blind.RecordExists, blind.ETag, blind.State!.Count));
    }

    protected override async Task<IGrainStorage> CreateStorageAsync(string serviceId)
    {
        var storage = new AdoNetGrainStorage(
            Activators,
            NullLogger<AdoNetGrainStorage>.Instance,
            Options.Create(new AdoNetGrainStorageOptions
            {
                Invariant = "Npgsql",
                ConnectionString = _test.ConnectionString,
                GrainStorageSerializer = Serializer,
                DeleteStateOnClear = DeleteStateOnClear,
            }),
            Options.Create(new ClusterOptions { ServiceId = serviceId }),
            "conformance");

        // The provider reads its queries when the silo's lifecycle starts it; a lifecycle of its own does that here.
        var lifecycle = new SiloLifecycleSubject(NullLogger<SiloLifecycleSubject>.Instance);
        storage.Participate(lifecycle);
        await lifecycle.OnStart();
        return storage;
    }

    protected override async Task ReopenDatabaseAsync() => await _test.ReopenAsync();

    protected override async Task<StoredState?> StoredRowAsync(string serviceId, string stateName, GrainId grainId)
    {
        // String keys are stored whole in grain_key, with both numeric parts 0 (ORLEANS.md A3).
        var rows = await _test.Database.QueryAsync(
            "SELECT version, payload FROM grain_state "
            + "WHERE service_id = @serviceId AND state_name = @stateName AND grain_id_n0 = 0 AND grain_id_n1 = 0 AND grain_key = @grainKey",
            row => new StoredState(row.GetInt32(0), row.IsDBNull(1) ? null : (byte[])row.GetValue(1)),
            ("serviceId", serviceId),
            ("stateName", stateName),
            ("grainKey", grainId.Key.ToString()));
        return rows.SingleOrDefault();
    }

    /// <summary>Orleans' provider builds its conflict from a message that names only the grain's ETag.</summary>
    protected override void AssertConflictReports(InconsistentStateException conflict, string? storedEtag, string? grainEtag) =>
        Assert.Contains($"ETag={grainEtag}.", conflict.Message, StringComparison.Ordinal);
}

/// <summary>
/// The same contract with DeleteStateOnClear on, so that the product's DeleteStorageKey query is held to it too should
/// the product turn the option on: a cleared row is then gone, as on SQLite.
/// </summary>
public sealed class PostgresGrainStorageDeletingOnClearTests : PostgresGrainStorageTests
{
    protected override bool DeleteStateOnClear => true;
}
