using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Serialization;
using Orleans.Serialization.Serializers;
using Orleans.Storage;

namespace AiCaller.Email.Tests.Storage;

/// <summary>
/// What every grain storage of the product must do, whichever database holds it. A database's test class derives
/// from this one and says how to make its storage, how to reopen the database and how to look at a stored row.
/// </summary>
public abstract class GrainStorageConformance
{
    protected const string ServiceId = "conformance";

    private const string StateName = "mailbox";

    private static readonly GrainId Mailbox = GrainId.Create("mailbox", "gmail/tenant-1/ana@example.com");

    /// <summary>Plain JSON, so that what a storage keeps is easy to look at.</summary>
    protected static IGrainStorageSerializer Serializer { get; } =
        new SystemTextJsonGrainStorageSerializer(Options.Create(new SystemTextJsonGrainStorageSerializerOptions()));

    protected static IActivatorProvider Activators { get; } =
        new ServiceCollection().AddSerializer().BuildServiceProvider().GetRequiredService<IActivatorProvider>();

    protected abstract IGrainStorage CreateStorage(string serviceId);

    /// <summary>Closes the database and opens it again, as a restarted host does; storages made before are done with.</summary>
    protected abstract Task ReopenDatabaseAsync();

    /// <summary>The row that holds a grain's state, read past the storage; null when there is none.</summary>
    protected abstract Task<StoredState?> StoredRowAsync(string serviceId, string stateName, GrainId grainId);

    private IGrainStorage CreateStorage() => CreateStorage(ServiceId);

    [Fact]
    public async Task A_grain_that_was_never_written_reads_as_an_empty_record()
    {
        var state = new GrainState<Counter>(new Counter { Name = "stale", Count = 7 }, "3") { RecordExists = true };

        await CreateStorage().ReadStateAsync(StateName, Mailbox, state);

        Assert.False(state.RecordExists);
        Assert.Null(state.ETag);
        Assert.NotNull(state.State);
        Assert.Equal(0, state.State.Count);
        Assert.Equal(string.Empty, state.State.Name);
    }

    [Fact]
    public async Task A_state_type_without_a_parameterless_constructor_reads_as_an_empty_instance()
    {
        var state = new GrainState<Snapshot>();

        await CreateStorage().ReadStateAsync(StateName, Mailbox, state);

        Assert.NotNull(state.State);
        Assert.False(state.RecordExists);
        Assert.Null(state.ETag);
    }

    [Fact]
    public async Task Written_state_reads_back_with_its_version_as_the_etag()
    {
        var storage = CreateStorage();
        var written = new GrainState<Counter>(new Counter { Name = "ana", Count = 3 });

        await storage.WriteStateAsync(StateName, Mailbox, written);
        Assert.Equal("1", written.ETag);
        Assert.True(written.RecordExists);

        written.State = new Counter { Name = "ana", Count = 4 };
        await storage.WriteStateAsync(StateName, Mailbox, written);
        Assert.Equal("2", written.ETag);

        var read = new GrainState<Counter>();
        await storage.ReadStateAsync(StateName, Mailbox, read);
        Assert.True(read.RecordExists);
        Assert.Equal("2", read.ETag);
        Assert.Equal(("ana", 4), (read.State!.Name, read.State.Count));
    }

    [Fact]
    public async Task A_write_with_a_stale_etag_is_refused_and_leaves_the_stored_row_unchanged()
    {
        var storage = CreateStorage();
        var current = new GrainState<Counter>(new Counter { Count = 1 });
        await storage.WriteStateAsync(StateName, Mailbox, current);
        var stale = new GrainState<Counter>(new Counter { Count = 100 }, current.ETag);
        current.State = new Counter { Count = 2 };
        await storage.WriteStateAsync(StateName, Mailbox, current);
        var before = await StoredRowAsync(ServiceId, StateName, Mailbox);

        var conflict = await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync(StateName, Mailbox, stale));

        Assert.Equal("2", conflict.StoredEtag);
        Assert.Equal("1", conflict.CurrentEtag);
        Assert.Equal("1", stale.ETag);
        var after = await StoredRowAsync(ServiceId, StateName, Mailbox);
        Assert.NotNull(before);
        Assert.NotNull(after);
        Assert.Equal(2, after.Version);
        Assert.Equal(before.Payload, after.Payload);
    }

    [Fact]
    public async Task A_write_without_an_etag_over_an_existing_row_is_refused()
    {
        var storage = CreateStorage();
        await storage.WriteStateAsync(StateName, Mailbox, new GrainState<Counter>(new Counter { Count = 1 }));

        var conflict = await Assert.ThrowsAsync<InconsistentStateException>(
            () => storage.WriteStateAsync(StateName, Mailbox, new GrainState<Counter>(new Counter { Count = 2 })));

        Assert.Equal("1", conflict.StoredEtag);
        Assert.Null(conflict.CurrentEtag);
        var read = new GrainState<Counter>();
        await storage.ReadStateAsync(StateName, Mailbox, read);
        Assert.Equal(1, read.State!.Count);
    }

    [Fact]
    public async Task A_write_with_an_etag_after_the_state_was_cleared_is_refused()
    {
        var storage = CreateStorage();
        var state = new GrainState<Counter>(new Counter { Count = 1 });
        await storage.WriteStateAsync(StateName, Mailbox, state);
        await storage.ClearStateAsync(StateName, Mailbox, new GrainState<Counter>(new Counter(), state.ETag));

        var conflict = await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync(StateName, Mailbox, state));

        Assert.Null(conflict.StoredEtag);
        Assert.Null(await StoredRowAsync(ServiceId, StateName, Mailbox));
    }

    [Fact]
    public async Task Clearing_deletes_the_row_and_resets_the_state()
    {
        var storage = CreateStorage();
        var state = new GrainState<Counter>(new Counter { Name = "ana", Count = 5 });
        await storage.WriteStateAsync(StateName, Mailbox, state);

        await storage.ClearStateAsync(StateName, Mailbox, state);

        Assert.Null(await StoredRowAsync(ServiceId, StateName, Mailbox));
        Assert.False(state.RecordExists);
        Assert.Null(state.ETag);
        Assert.Equal(0, state.State!.Count);
        var read = new GrainState<Counter>();
        await storage.ReadStateAsync(StateName, Mailbox, read);
        Assert.False(read.RecordExists);

        // A cleared grain starts over, as one that was never written.
        await storage.WriteStateAsync(StateName, Mailbox, state);
        Assert.Equal("1", state.ETag);
    }

    [Fact]
    public async Task Clearing_a_grain_that_was_never_written_succeeds()
    {
        var state = new GrainState<Counter>(new Counter { Count = 3 });

        await CreateStorage().ClearStateAsync(StateName, Mailbox, state);

        Assert.False(state.RecordExists);
        Assert.Null(state.ETag);
        Assert.Null(await StoredRowAsync(ServiceId, StateName, Mailbox));
    }

    [Fact]
    public async Task Clearing_with_a_stale_etag_is_refused_and_keeps_the_row()
    {
        var storage = CreateStorage();
        var state = new GrainState<Counter>(new Counter { Count = 1 });
        await storage.WriteStateAsync(StateName, Mailbox, state);
        await storage.WriteStateAsync(StateName, Mailbox, state);

        var conflict = await Assert.ThrowsAsync<InconsistentStateException>(
            () => storage.ClearStateAsync(StateName, Mailbox, new GrainState<Counter>(new Counter(), "1")));

        Assert.Equal("2", conflict.StoredEtag);
        Assert.Equal(2, (await StoredRowAsync(ServiceId, StateName, Mailbox))?.Version);
    }

    [Fact]
    public async Task Clearing_without_an_etag_over_an_existing_row_is_refused_and_keeps_the_row()
    {
        var storage = CreateStorage();
        await storage.WriteStateAsync(StateName, Mailbox, new GrainState<Counter>(new Counter { Count = 1 }));

        await Assert.ThrowsAsync<InconsistentStateException>(
            () => storage.ClearStateAsync(StateName, Mailbox, new GrainState<Counter>(new Counter())));

        Assert.Equal(1, (await StoredRowAsync(ServiceId, StateName, Mailbox))?.Version);
    }

    [Fact]
    public async Task A_new_storage_on_the_reopened_database_reads_what_the_first_wrote()
    {
        var written = new GrainState<Counter>(new Counter { Name = "ana", Count = 42 });
        var first = CreateStorage();
        await first.WriteStateAsync(StateName, Mailbox, written);
        await first.WriteStateAsync(StateName, Mailbox, written);

        await ReopenDatabaseAsync();
        var afterRestart = CreateStorage();
        var read = new GrainState<Counter>();
        await afterRestart.ReadStateAsync(StateName, Mailbox, read);

        Assert.True(read.RecordExists);
        Assert.Equal("2", read.ETag);
        Assert.Equal(("ana", 42), (read.State!.Name, read.State.Count));
        await afterRestart.WriteStateAsync(StateName, Mailbox, read);
        Assert.Equal("3", read.ETag);
    }

    [Fact]
    public async Task Different_grains_written_in_parallel_lose_no_update()
    {
        var storage = CreateStorage();
        var grains = Enumerable.Range(0, 40).Select(i => GrainId.Create("mailbox", $"gmail/tenant/{i}")).ToList();

        await Task.WhenAll(grains.Select(grain => Task.Run(async () =>
        {
            var state = new GrainState<Counter>(new Counter());
            for (var i = 1; i <= 5; i++)
            {
                state.State = new Counter { Name = grain.ToString(), Count = i };
                await storage.WriteStateAsync(StateName, grain, state);
            }
        })));

        foreach (var grain in grains)
        {
            var read = new GrainState<Counter>();
            await storage.ReadStateAsync(StateName, grain, read);
            Assert.Equal((grain.ToString(), 5, "5"), (read.State!.Name, read.State.Count, read.ETag));
        }
    }

    [Fact]
    public async Task Two_state_names_of_one_grain_are_separate_rows()
    {
        var storage = CreateStorage();
        var tokens = new GrainState<Counter>(new Counter { Name = "tokens", Count = 1 });
        var settings = new GrainState<Counter>(new Counter { Name = "settings", Count = 1 });
        await storage.WriteStateAsync("tokens", Mailbox, tokens);
        await storage.WriteStateAsync("settings", Mailbox, settings);
        settings.State!.Count = 2;
        await storage.WriteStateAsync("settings", Mailbox, settings);

        await storage.ClearStateAsync("tokens", Mailbox, tokens);

        Assert.Null(await StoredRowAsync(ServiceId, "tokens", Mailbox));
        Assert.Equal(2, (await StoredRowAsync(ServiceId, "settings", Mailbox))?.Version);
        var read = new GrainState<Counter>();
        await storage.ReadStateAsync("settings", Mailbox, read);
        Assert.Equal(("settings", 2), (read.State!.Name, read.State.Count));
    }

    [Fact]
    public async Task The_service_id_partitions_the_rows()
    {
        var ours = CreateStorage();
        var theirs = CreateStorage("another-service");
        await ours.WriteStateAsync(StateName, Mailbox, new GrainState<Counter>(new Counter { Name = "ours", Count = 1 }));

        var seen = new GrainState<Counter>();
        await theirs.ReadStateAsync(StateName, Mailbox, seen);
        Assert.False(seen.RecordExists);

        // Their first write creates their own row instead of colliding with ours.
        await theirs.WriteStateAsync(StateName, Mailbox, new GrainState<Counter>(new Counter { Name = "theirs", Count = 9 }));
        await theirs.ClearStateAsync(StateName, Mailbox, new GrainState<Counter>(new Counter(), "1"));

        var read = new GrainState<Counter>();
        await ours.ReadStateAsync(StateName, Mailbox, read);
        Assert.Equal(("ours", 1, "1"), (read.State!.Name, read.State.Count, read.ETag));
        Assert.Null(await StoredRowAsync("another-service", StateName, Mailbox));
    }

    /// <summary>A stored row as the database holds it.</summary>
    public sealed record StoredState(long Version, byte[] Payload);

    public sealed class Counter
    {
        public string Name { get; set; } = string.Empty;

        public int Count { get; set; }
    }

    public sealed record Snapshot(string Name);
}
