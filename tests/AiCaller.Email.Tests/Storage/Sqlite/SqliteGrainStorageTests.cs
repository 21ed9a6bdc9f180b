using AiCaller.Email.Grains.Storage;
using AiCaller.Email.Grains.Storage.Sqlite;
using AiCaller.Email.Tests.Infrastructure;
using Orleans.Storage;

namespace AiCaller.Email.Tests.Storage.Sqlite;

/// <summary>The grain storage contract on the embedded SQLite database.</summary>
public sealed class SqliteGrainStorageTests : GrainStorageConformance, IDisposable
{
    private readonly TestDatabase _test = new();

    public void Dispose() => _test.Dispose();

    protected override bool ClearKeepsTheRow => false;

    [Fact]
    public async Task Clearing_without_an_etag_over_an_existing_row_is_refused_and_keeps_the_row()
    {
        var storage = await CreateStorageAsync();
        await storage.WriteStateAsync(StateName, Mailbox, new GrainState<Counter>(new Counter { Count = 1 }));

        await Assert.ThrowsAsync<InconsistentStateException>(
            () => storage.ClearStateAsync(StateName, Mailbox, new GrainState<Counter>(new Counter())));

        Assert.Equal(1, (await StoredRowAsync(ServiceId, StateName, Mailbox))?.Version);
    }

    protected override Task<IGrainStorage> CreateStorageAsync(string serviceId) =>
        Task.FromResult<IGrainStorage>(new SqliteGrainStorage(_test.Database, serviceId, Serializer, Activators));

    protected override Task ReopenDatabaseAsync()
    {
        _test.Reopen();
        return Task.CompletedTask;
    }

    protected override async Task<StoredState?> StoredRowAsync(string serviceId, string stateName, GrainId grainId)
    {
        var rows = await _test.Database.ReadAsync(connection => connection
            .Command("SELECT version, payload FROM grain_state WHERE service_id = @serviceId AND state_name = @stateName AND grain_id = @grainId")
            .With("serviceId", serviceId)
            .With("stateName", stateName)
            .With("grainId", grainId.ToString())
            .RowsAsync(row => new StoredState(row.GetInt64(0), (byte[])row.GetValue(1))));
        return rows.SingleOrDefault();
    }
}
