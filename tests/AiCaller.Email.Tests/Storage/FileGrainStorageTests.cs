using System.Security.Cryptography;
using System.Text;
using AiCaller.Email.Grains.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Serialization;
using Orleans.Serialization.Serializers;
using Orleans.Storage;

namespace AiCaller.Email.Tests.Storage;

public sealed class FileGrainStorageTests : IDisposable
{
    private const string StateName = "mailbox";

    private static readonly GrainId Mailbox = GrainId.Create("mailbox", "gmail/tenant-1/ana@example.com");

    private static readonly IActivatorProvider Activators =
        new ServiceCollection().AddSerializer().BuildServiceProvider().GetRequiredService<IActivatorProvider>();

    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Reading_a_grain_that_was_never_written_gives_an_empty_record()
    {
        var state = new GrainState<Counter>(new Counter { Name = "stale", Count = 7 }, "3");

        await CreateStorage().ReadStateAsync(StateName, Mailbox, state);

        Assert.False(state.RecordExists);
        Assert.Null(state.ETag);
        Assert.NotNull(state.State);
        Assert.Equal(0, state.State.Count);
        Assert.Equal(string.Empty, state.State.Name);
    }

    [Fact]
    public async Task A_state_type_without_a_parameterless_constructor_still_gets_an_empty_instance()
    {
        var state = new GrainState<Snapshot>();

        await CreateStorage().ReadStateAsync(StateName, Mailbox, state);

        Assert.NotNull(state.State);
        Assert.False(state.RecordExists);
    }

    [Fact]
    public async Task Written_state_reads_back_with_its_version_as_etag()
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
        Assert.NotNull(read.State);
        Assert.Equal("ana", read.State.Name);
        Assert.Equal(4, read.State.Count);
    }

    [Fact]
    public async Task State_is_one_file_per_state_name_named_by_the_sha256_of_the_grain_id()
    {
        await CreateStorage().WriteStateAsync(StateName, Mailbox, new GrainState<Counter>(new Counter { Count = 1 }));
        var otherState = GrainId.Create("mailbox", "outlook/tenant-1/bo@example.com");
        await CreateStorage().WriteStateAsync("other", otherState, new GrainState<Counter>(new Counter { Count = 1 }));

        var expected = StateFilePath(StateName, Mailbox);
        Assert.Equal([expected], Directory.GetFiles(Path.Combine(_directory.Path, "grains", StateName)));
        Assert.Equal([StateFilePath("other", otherState)], Directory.GetFiles(Path.Combine(_directory.Path, "grains", "other")));
        var contents = await File.ReadAllBytesAsync(expected);
        Assert.True(contents.AsSpan().IndexOf(Encoding.UTF8.GetBytes(Mailbox.ToString())) >= 0, "The grain id is readable in the file.");
    }

    [Fact]
    public async Task Writing_with_a_stale_etag_throws_and_leaves_the_file_unchanged()
    {
        var storage = CreateStorage();
        var current = new GrainState<Counter>(new Counter { Count = 1 });
        await storage.WriteStateAsync(StateName, Mailbox, current);
        var stale = new GrainState<Counter>(new Counter { Count = 100 }, current.ETag);
        current.State = new Counter { Count = 2 };
        await storage.WriteStateAsync(StateName, Mailbox, current);
        var fileBefore = await File.ReadAllBytesAsync(StateFilePath(StateName, Mailbox));

        var conflict = await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync(StateName, Mailbox, stale));

        Assert.Equal("2", conflict.StoredEtag);
        Assert.Equal("1", conflict.CurrentEtag);
        Assert.Equal(fileBefore, await File.ReadAllBytesAsync(StateFilePath(StateName, Mailbox)));
        Assert.Equal("1", stale.ETag);
    }

    [Fact]
    public async Task Writing_without_an_etag_over_an_existing_record_throws()
    {
        var storage = CreateStorage();
        await storage.WriteStateAsync(StateName, Mailbox, new GrainState<Counter>(new Counter { Count = 1 }));

        var conflict = await Assert.ThrowsAsync<InconsistentStateException>(
            () => storage.WriteStateAsync(StateName, Mailbox, new GrainState<Counter>(new Counter { Count = 2 })));

        Assert.Equal("1", conflict.StoredEtag);
        Assert.Null(conflict.CurrentEtag);
    }

    [Fact]
    public async Task Writing_with_an_etag_after_the_record_was_cleared_throws()
    {
        var storage = CreateStorage();
        var state = new GrainState<Counter>(new Counter { Count = 1 });
        await storage.WriteStateAsync(StateName, Mailbox, state);
        await storage.ClearStateAsync(StateName, Mailbox, new GrainState<Counter>(new Counter(), state.ETag));

        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync(StateName, Mailbox, state));
        Assert.False(File.Exists(StateFilePath(StateName, Mailbox)));
    }

    [Fact]
    public async Task Clearing_deletes_the_file_and_resets_the_state()
    {
        var storage = CreateStorage();
        var state = new GrainState<Counter>(new Counter { Name = "ana", Count = 5 });
        await storage.WriteStateAsync(StateName, Mailbox, state);

        await storage.ClearStateAsync(StateName, Mailbox, state);

        Assert.False(File.Exists(StateFilePath(StateName, Mailbox)));
        Assert.False(state.RecordExists);
        Assert.Null(state.ETag);
        Assert.NotNull(state.State);
        Assert.Equal(0, state.State.Count);

        var read = new GrainState<Counter>();
        await storage.ReadStateAsync(StateName, Mailbox, read);
        Assert.False(read.RecordExists);

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
    }

    [Fact]
    public async Task Clearing_with_a_stale_etag_throws_and_keeps_the_file()
    {
        var storage = CreateStorage();
        var state = new GrainState<Counter>(new Counter { Count = 1 });
        await storage.WriteStateAsync(StateName, Mailbox, state);
        await storage.WriteStateAsync(StateName, Mailbox, state);

        await Assert.ThrowsAsync<InconsistentStateException>(
            () => storage.ClearStateAsync(StateName, Mailbox, new GrainState<Counter>(new Counter(), "1")));

        Assert.True(File.Exists(StateFilePath(StateName, Mailbox)));
    }

    [Fact]
    public async Task A_new_storage_on_the_same_directory_reads_what_the_first_wrote()
    {
        var written = new GrainState<Counter>(new Counter { Name = "ana", Count = 42 });
        await CreateStorage().WriteStateAsync(StateName, Mailbox, written);
        await CreateStorage().WriteStateAsync(StateName, Mailbox, written);

        var afterRestart = CreateStorage();
        var read = new GrainState<Counter>();
        await afterRestart.ReadStateAsync(StateName, Mailbox, read);

        Assert.True(read.RecordExists);
        Assert.Equal("2", read.ETag);
        Assert.NotNull(read.State);
        Assert.Equal(42, read.State.Count);
        await afterRestart.WriteStateAsync(StateName, Mailbox, read);
        Assert.Equal("3", read.ETag);
    }

    [Fact]
    public async Task A_torn_temp_file_left_by_a_crash_is_ignored_and_replaced_by_the_next_write()
    {
        var state = new GrainState<Counter>(new Counter { Name = "ana", Count = 1 });
        await CreateStorage().WriteStateAsync(StateName, Mailbox, state);
        var tempPath = StateFilePath(StateName, Mailbox) + ".tmp";
        await File.WriteAllBytesAsync(tempPath, [0x41, 0x49, 0x47, 0x00, 0xFF]);
        var unrelatedTemp = Path.Combine(_directory.Path, "grains", StateName, "garbage.tmp");
        await File.WriteAllTextAsync(unrelatedTemp, "not a state file");

        var afterCrash = CreateStorage();
        var read = new GrainState<Counter>();
        await afterCrash.ReadStateAsync(StateName, Mailbox, read);
        Assert.NotNull(read.State);
        Assert.Equal("ana", read.State.Name);
        Assert.Equal("1", read.ETag);

        read.State = new Counter { Name = "ana", Count = 2 };
        await afterCrash.WriteStateAsync(StateName, Mailbox, read);
        Assert.False(File.Exists(tempPath));
        var reread = new GrainState<Counter>();
        await CreateStorage().ReadStateAsync(StateName, Mailbox, reread);
        Assert.NotNull(reread.State);
        Assert.Equal(2, reread.State.Count);
    }

    [Fact]
    public async Task A_corrupt_state_file_fails_the_read_instead_of_reading_as_empty()
    {
        await CreateStorage().WriteStateAsync(StateName, Mailbox, new GrainState<Counter>(new Counter { Count = 1 }));
        var path = StateFilePath(StateName, Mailbox);
        var contents = await File.ReadAllBytesAsync(path);
        await File.WriteAllBytesAsync(path, contents[..^3]);

        await Assert.ThrowsAsync<InvalidDataException>(() => CreateStorage().ReadStateAsync(StateName, Mailbox, new GrainState<Counter>()));
    }

    [Fact]
    public async Task Different_grains_write_in_parallel_without_losing_updates()
    {
        var storage = CreateStorage();
        var grains = Enumerable.Range(0, 40).Select(i => GrainId.Create("mailbox", $"gmail/tenant/{i}")).ToList();

        await Task.WhenAll(grains.Select(async grain =>
        {
            var state = new GrainState<Counter>(new Counter());
            for (var i = 1; i <= 5; i++)
            {
                state.State = new Counter { Count = i };
                await storage.WriteStateAsync(StateName, grain, state);
            }
        }));

        foreach (var grain in grains)
        {
            var read = new GrainState<Counter>();
            await storage.ReadStateAsync(StateName, grain, read);
            Assert.NotNull(read.State);
            Assert.Equal(5, read.State.Count);
            Assert.Equal("5", read.ETag);
        }
    }

    [Theory]
    [InlineData("..")]
    [InlineData("a/b")]
    [InlineData("")]
    public async Task State_names_that_are_not_plain_directory_names_are_rejected(string stateName)
    {
        await Assert.ThrowsAsync<ArgumentException>(
            () => CreateStorage().WriteStateAsync(stateName, Mailbox, new GrainState<Counter>(new Counter())));
    }

    private FileGrainStorage CreateStorage() => new(
        _directory.Path,
        new SystemTextJsonGrainStorageSerializer(Options.Create(new SystemTextJsonGrainStorageSerializerOptions())),
        Activators);

    private string StateFilePath(string stateName, GrainId grainId)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(grainId.ToString())));
        return Path.Combine(_directory.Path, "grains", stateName, hash + ".state");
    }

    public sealed class Counter
    {
        public string Name { get; set; } = string.Empty;

        public int Count { get; set; }
    }

    public sealed record Snapshot(string Name);
}
