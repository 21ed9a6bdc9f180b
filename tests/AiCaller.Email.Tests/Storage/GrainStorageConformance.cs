using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Serialization;
using Orleans.Serialization.Serializers;
using Orleans.Storage;

namespace AiCaller.Email.Tests.Storage;

/// <summary>
/// What every grain storage of the product must do, whichever database holds it. A database's test class derives
/// from this one and says how to make its storage, how to reopen the database and how to look at a stored row, and
/// states the two ways in which the storages may differ here: what clearing leaves behind, and what a conflict reports.
/// Behaviour that only one storage has is tested in that storage's class.
/// </summary>
public abstract class GrainStorageConformance
{
    protected const string ServiceId = "conformance";

    protected const string StateName = "mailbox";

    protected static readonly GrainId Mailbox = GrainId.Create("mailbox", "gmail/tenant-1/ana@example.com");

    /// <summary>Plain JSON, so that what a storage keeps is easy to look at.</summary>
    protected static IGrainStorageSerializer Serializer { get; } =
        new SystemTextJsonGrainStorageSerializer(Options.Create(new SystemTextJsonGrainStorageSerializerOptions()));

    protected static IActivatorProvider Activators { get; } =
        new ServiceCollection().AddSerializer().BuildServiceProvider().GetRequiredService<IActivatorProvider>();

    protected abstract Task<IGrainStorage> CreateStorageAsync(string serviceId);

    /// <summary>Closes the database and opens it again, as a restarted host does; storages made before are done with.</summary>
    protected abstract Task ReopenDatabaseAsync();

    /// <summary>The row that holds a grain's state, read past the storage; null when there is none.</summary>
    protected abstract Task<StoredState?> StoredRowAsync(string serviceId, string stateName, GrainId grainId);

    /// <summary>
    /// False when clearing deletes the row, so that a cleared grain starts over as a new one (no ETag, versions from 1);
    /// true when it keeps the row without a payload at the next version, which becomes the grain's ETag (Orleans' ADO.NET
    /// storage with its ClearStorageKey query). Either way the grain reads an empty state and writes on from its ETag.
    /// </summary>
    protected abstract bool ClearKeepsTheRow { get; }

    /// <summary>What a refused write or clear reports of the ETags that met: here, both.</summary>
    protected virtual void AssertConflictReports(InconsistentStateException conflict, string? storedEtag, string? grainEtag)
    {
        Assert.Equal(storedEtag, conflict.StoredEtag);
        Assert.Equal(grainEtag, conflict.CurrentEtag);
    }

    protected Task<IGrainStorage> CreateStorageAsync() => CreateStorageAsync(ServiceId);

    /// <summary>The row of a state cleared at <paramref name="clearedVersion"/>, as <see cref="ClearKeepsTheRow"/> says.</summary>
    protected async Task AssertClearedRowAsync(string serviceId, string stateName, GrainId grainId, long clearedVersion)
    {
        var row = await StoredRowAsync(serviceId, stateName, grainId);
        if (ClearKeepsTheRow)
        {
            Assert.NotNull(row);
            Assert.Equal((clearedVersion + 1, (byte[]?)null), (row.Version, row.Payload));
        }
        else
        {
            Assert.Null(row);
        }
    }

    /// <summary>The ETag a clear at <paramref name="clearedVersion"/> hands the grain.</summary>
    private string? EtagAfterClear(long clearedVersion) => ClearKeepsTheRow ? Etag(clearedVersion + 1) : null;

    private static string Etag(long version) => version.ToString(CultureInfo.InvariantCulture);

    [Fact]
    public async Task A_grain_that_was_never_written_reads_as_an_empty_record()
    {
        var storage = await CreateStorageAsync();
        var state = new GrainState<Counter>(new Counter { Name = "stale", Count = 7 }, "3") { RecordExists = true };

        await storage.ReadStateAsync(StateName, Mailbox, state);

        Assert.False(state.RecordExists);
        Assert.Null(state.ETag);
        Assert.NotNull(state.State);
        Assert.Equal(0, state.State.Count);
        Assert.Equal(string.Empty, state.State.Name);
    }

    [Fact]
    public async Task A_state_type_without_a_parameterless_constructor_reads_as_an_empty_instance()
    {
        var storage = await CreateStorageAsync();
        var state = new GrainState<Snapshot>();

        await storage.ReadStateAsync(StateName, Mailbox, state);

        Assert.NotNull(state.State);
        Assert.False(state.RecordExists);
        Assert.Null(state.ETag);
    }

    [Fact]
    public async Task Written_state_reads_back_with_its_version_as_the_etag()
    {
        var storage = await CreateStorageAsync();
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
        var storage = await CreateStorageAsync();
        var current = new GrainState<Counter>(new Counter { Count = 1 });
        await storage.WriteStateAsync(StateName, Mailbox, current);
        var stale = new GrainState<Counter>(new Counter { Count = 100 }, current.ETag);
        current.State = new Counter { Count = 2 };
        await storage.WriteStateAsync(StateName, Mailbox, current);
        var before = await StoredRowAsync(ServiceId, StateName, Mailbox);

        var conflict = await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync(StateName, Mailbox, stale));

        AssertConflictReports(conflict, storedEtag: "2", grainEtag: "1");
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
        var storage = await CreateStorageAsync();
        await storage.WriteStateAsync(StateName, Mailbox, new GrainState<Counter>(new Counter { Count = 1 }));

        var conflict = await Assert.ThrowsAsync<InconsistentStateException>(
            () => storage.WriteStateAsync(StateName, Mailbox, new GrainState<Counter>(new Counter { Count = 2 })));

        AssertConflictReports(conflict, storedEtag: "1", grainEtag: null);
        var read = new GrainState<Counter>();
        await storage.ReadStateAsync(StateName, Mailbox, read);
        Assert.Equal(1, read.State!.Count);
    }

    [Fact]
    public async Task A_write_with_an_etag_after_the_state_was_cleared_is_refused()
    {
        var storage = await CreateStorageAsync();
        var state = new GrainState<Counter>(new Counter { Count = 1 });
        await storage.WriteStateAsync(StateName, Mailbox, state);
        await storage.ClearStateAsync(StateName, Mailbox, new GrainState<Counter>(new Counter(), state.ETag));

        var conflict = await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync(StateName, Mailbox, state));

        AssertConflictReports(conflict, storedEtag: EtagAfterClear(1), grainEtag: "1");
        await AssertClearedRowAsync(ServiceId, StateName, Mailbox, clearedVersion: 1);
    }

    [Fact]
    public async Task Clearing_resets_the_state_and_the_grain_writes_on_from_the_etag_the_clear_gave()
    {
        var storage = await CreateStorageAsync();
        var state = new GrainState<Counter>(new Counter { Name = "ana", Count = 5 });
        await storage.WriteStateAsync(StateName, Mailbox, state);

        await storage.ClearStateAsync(StateName, Mailbox, state);

        await AssertClearedRowAsync(ServiceId, StateName, Mailbox, clearedVersion: 1);
        Assert.False(state.RecordExists);
        Assert.Equal(EtagAfterClear(1), state.ETag);
        Assert.Equal((string.Empty, 0), (state.State!.Name, state.State.Count));

        // Another activation reads no record, an empty state and the same ETag.
        var read = new GrainState<Counter>();
        await storage.ReadStateAsync(StateName, Mailbox, read);
        Assert.Equal((false, EtagAfterClear(1)), (read.RecordExists, read.ETag));
        Assert.Equal((string.Empty, 0), (read.State!.Name, read.State.Count));

        state.State = new Counter { Name = "ana", Count = 6 };
        await storage.WriteStateAsync(StateName, Mailbox, state);
        Assert.Equal(ClearKeepsTheRow ? "3" : "1", state.ETag);
        var reread = new GrainState<Counter>();
        await storage.ReadStateAsync(StateName, Mailbox, reread);
        Assert.Equal((true, state.ETag, "ana", 6), (reread.RecordExists, reread.ETag, reread.State!.Name, reread.State.Count));
    }

    [Fact]
    public async Task Clearing_a_grain_that_was_never_written_succeeds()
    {
        var storage = await CreateStorageAsync();
        var state = new GrainState<Counter>(new Counter { Count = 3 });

        await storage.ClearStateAsync(StateName, Mailbox, state);

        Assert.False(state.RecordExists);
        Assert.Null(state.ETag);
        Assert.Null(await StoredRowAsync(ServiceId, StateName, Mailbox));
    }

    [Fact]
    public async Task Clearing_with_a_stale_etag_is_refused_and_keeps_the_row()
    {
        var storage = await CreateStorageAsync();
        var state = new GrainState<Counter>(new Counter { Count = 1 });
        await storage.WriteStateAsync(StateName, Mailbox, state);
        await storage.WriteStateAsync(StateName, Mailbox, state);

        var conflict = await Assert.ThrowsAsync<InconsistentStateException>(
            () => storage.ClearStateAsync(StateName, Mailbox, new GrainState<Counter>(new Counter(), "1")));

        AssertConflictReports(conflict, storedEtag: "2", grainEtag: "1");
        var row = await StoredRowAsync(ServiceId, StateName, Mailbox);
        Assert.Equal(2, row?.Version);
        Assert.NotNull(row?.Payload);
    }

    [Fact]
    public async Task A_new_storage_on_the_reopened_database_reads_what_the_first_wrote()
    {
        var written = new GrainState<Counter>(new Counter { Name = "ana", Count = 42 });
        var first = await CreateStorageAsync();
        await first.WriteStateAsync(StateName, Mailbox, written);
        await first.WriteStateAsync(StateName, Mailbox, written);

        await ReopenDatabaseAsync();
        var afterRestart = await CreateStorageAsync();
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
        var storage = await CreateStorageAsync();
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
    public async Task Of_writes_from_one_etag_at_once_exactly_one_goes_through()
    {
        var storage = await CreateStorageAsync();
        await storage.WriteStateAsync(StateName, Mailbox, new GrainState<Counter>(new Counter { Count = 1 }));

        var winner = Assert.Single(await RaceWritesAsync(storage, Enumerable.Range(2, 8), "1"), count => count != 0);
        var read = new GrainState<Counter>();
        await storage.ReadStateAsync(StateName, Mailbox, read);
        Assert.Equal((winner, "2"), (read.State!.Count, read.ETag));
    }

    [Fact]
    public async Task Of_first_writes_at_once_exactly_one_goes_through()
    {
        var storage = await CreateStorageAsync();

        var winner = Assert.Single(await RaceWritesAsync(storage, Enumerable.Range(1, 8), etag: null), count => count != 0);
        var read = new GrainState<Counter>();
        await storage.ReadStateAsync(StateName, Mailbox, read);
        Assert.Equal((winner, "1"), (read.State!.Count, read.ETag));
    }

    [Fact]
    public async Task A_long_grain_key_is_kept_whole_and_apart_from_keys_it_begins_with()
    {
        var storage = await CreateStorageAsync();
        var account = new string('a', 300) + "@example.com";
        var tenant = Guid.NewGuid().ToString();
        var longKey = GrainId.Create("mailbox", $"outlook/{tenant}/{account}");
        var prefix = GrainId.Create("mailbox", $"outlook/{tenant}/{account[..150]}");
        await storage.WriteStateAsync(StateName, longKey, new GrainState<Counter>(new Counter { Name = "long", Count = 1 }));
        await storage.WriteStateAsync(StateName, prefix, new GrainState<Counter>(new Counter { Name = "prefix", Count = 2 }));

        var read = new GrainState<Counter>();
        await storage.ReadStateAsync(StateName, longKey, read);

        Assert.Equal(("long", 1, "1"), (read.State!.Name, read.State.Count, read.ETag));
        Assert.Equal(1, (await StoredRowAsync(ServiceId, StateName, longKey))?.Version);
    }

    [Fact]
    public async Task Two_state_names_of_one_grain_are_separate_rows()
    {
        var storage = await CreateStorageAsync();
        var tokens = new GrainState<Counter>(new Counter { Name = "tokens", Count = 1 });
        var settings = new GrainState<Counter>(new Counter { Name = "settings", Count = 1 });
        await storage.WriteStateAsync("tokens", Mailbox, tokens);
        await storage.WriteStateAsync("settings", Mailbox, settings);
        settings.State!.Count = 2;
        await storage.WriteStateAsync("settings", Mailbox, settings);

        await storage.ClearStateAsync("tokens", Mailbox, tokens);

        await AssertClearedRowAsync(ServiceId, "tokens", Mailbox, clearedVersion: 1);
        Assert.Equal(2, (await StoredRowAsync(ServiceId, "settings", Mailbox))?.Version);
        var read = new GrainState<Counter>();
        await storage.ReadStateAsync("settings", Mailbox, read);
        Assert.Equal(("settings", 2), (read.State!.Name, read.State.Count));
    }

    [Fact]
    public async Task The_service_id_partitions_the_rows()
    {
        var ours = await CreateStorageAsync();
        var theirs = await CreateStorageAsync("another-service");
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
        await AssertClearedRowAsync("another-service", StateName, Mailbox, clearedVersion: 1);
    }

    /// <summary>A stored row as the database holds it.</summary>
    public sealed record StoredState(long Version, byte[]? Payload);

    public sealed class Counter
    {
        public string Name { get; set; } = string.Empty;

        public int Count { get; set; }
    }

    public sealed record Snapshot(string Name);

    /// <summary>Writes each count at once with <paramref name="etag"/>; the counts written, 0 for each write refused as stale.</summary>
    private static Task<int[]> RaceWritesAsync(IGrainStorage storage, IEnumerable<int> counts, string? etag) =>
        Task.WhenAll(counts.Select(count => Task.Run(async () =>
        {
            try
            {
                await storage.WriteStateAsync(StateName, Mailbox, new GrainState<Counter>(new Counter { Count = count }, etag));
                return count;
            }
            catch (InconsistentStateException)
            {
                return 0;
            }
        })));
}
