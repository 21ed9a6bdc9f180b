using System.Text.Json;
using AiCaller.Email.Grains.Storage;
using Microsoft.Extensions.Options;

namespace AiCaller.Email.Tests.Storage;

public sealed class FileReminderTableTests : IDisposable
{
    private static readonly GrainId Mailbox = GrainId.Create("mailbox", "gmail/tenant-1/ana@example.com");
    private static readonly DateTime StartAt = new(2025, 3, 1, 8, 30, 0, DateTimeKind.Utc);

    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private string ReminderFilePath => Path.Combine(_directory.Path, "reminders.json");

    [Fact]
    public async Task An_upserted_reminder_is_read_back_by_row_and_by_grain()
    {
        var table = CreateTable();

        var eTag = await table.UpsertRow(Reminder(Mailbox, "keep-alive", TimeSpan.FromHours(12)));

        Assert.False(string.IsNullOrEmpty(eTag));
        var row = await table.ReadRow(Mailbox, "keep-alive");
        Assert.NotNull(row);
        Assert.Equal(Mailbox, row.GrainId);
        Assert.Equal(StartAt, row.StartAt);
        Assert.Equal(TimeSpan.FromHours(12), row.Period);
        Assert.Equal(eTag, row.ETag);
        Assert.Equal("keep-alive", Assert.Single((await table.ReadRows(Mailbox)).Reminders).ReminderName);
    }

    [Fact]
    public async Task Reading_a_missing_reminder_gives_null_and_a_grain_without_reminders_gives_none()
    {
        var table = CreateTable();
        await table.UpsertRow(Reminder(Mailbox, "keep-alive"));

        Assert.Null(await table.ReadRow(Mailbox, "other"));
        Assert.Empty((await table.ReadRows(GrainId.Create("mailbox", "nobody"))).Reminders);
    }

    [Fact]
    public async Task Reading_by_grain_returns_only_that_grains_reminders()
    {
        var table = CreateTable();
        var other = GrainId.Create("mailbox", "outlook/tenant-1/bo@example.com");
        await table.UpsertRow(Reminder(Mailbox, "a"));
        await table.UpsertRow(Reminder(Mailbox, "b"));
        await table.UpsertRow(Reminder(other, "a"));

        var names = (await table.ReadRows(Mailbox)).Reminders.Select(r => r.ReminderName).Order().ToList();

        Assert.Equal(["a", "b"], names);
    }

    [Fact]
    public async Task Upserting_an_existing_reminder_replaces_it_with_a_new_etag()
    {
        var table = CreateTable();
        var first = await table.UpsertRow(Reminder(Mailbox, "keep-alive", TimeSpan.FromHours(1)));

        var second = await table.UpsertRow(Reminder(Mailbox, "keep-alive", TimeSpan.FromHours(2)));

        Assert.NotEqual(first, second);
        var row = Assert.Single((await table.ReadRows(Mailbox)).Reminders);
        Assert.Equal(TimeSpan.FromHours(2), row.Period);
        Assert.Equal(second, row.ETag);
    }

    [Fact]
    public async Task Removing_with_a_wrong_etag_keeps_the_reminder_and_with_the_right_one_removes_it()
    {
        var table = CreateTable();
        var stale = await table.UpsertRow(Reminder(Mailbox, "keep-alive"));
        var current = await table.UpsertRow(Reminder(Mailbox, "keep-alive"));

        Assert.False(await table.RemoveRow(Mailbox, "keep-alive", stale!));
        Assert.NotNull(await table.ReadRow(Mailbox, "keep-alive"));

        Assert.True(await table.RemoveRow(Mailbox, "keep-alive", current!));
        Assert.Null(await table.ReadRow(Mailbox, "keep-alive"));
        Assert.False(await table.RemoveRow(Mailbox, "keep-alive", current!));
        Assert.Null(await CreateTable().ReadRow(Mailbox, "keep-alive"));
    }

    [Fact]
    public async Task Range_reads_return_the_hashes_in_begin_exclusive_end_inclusive()
    {
        var table = CreateTable();
        var grains = await UpsertGrainsSortedByHash(table, count: 20);

        var inRange = await ReadRangeKeys(table, grains[5].GetUniformHashCode(), grains[10].GetUniformHashCode());

        Assert.Equal(grains[6..11].Select(g => g.ToString()).Order(), inRange);
    }

    [Fact]
    public async Task Range_reads_wrap_around_the_ring_when_begin_is_not_below_end()
    {
        var table = CreateTable();
        var grains = await UpsertGrainsSortedByHash(table, count: 20);

        var wrapped = await ReadRangeKeys(table, grains[15].GetUniformHashCode(), grains[3].GetUniformHashCode());

        Assert.Equal(grains[16..].Concat(grains[..4]).Select(g => g.ToString()).Order(), wrapped);
    }

    [Fact]
    public async Task A_range_from_a_point_back_to_itself_is_the_whole_ring()
    {
        var table = CreateTable();
        var grains = await UpsertGrainsSortedByHash(table, count: 10);

        var all = await ReadRangeKeys(table, grains[4].GetUniformHashCode(), grains[4].GetUniformHashCode());

        Assert.Equal(grains.Select(g => g.ToString()).Order(), all);
    }

    [Fact]
    public async Task A_new_table_on_the_same_directory_reads_what_the_first_wrote()
    {
        var first = CreateTable();
        var eTag = await first.UpsertRow(Reminder(Mailbox, "keep-alive", TimeSpan.FromMinutes(90)));
        await first.UpsertRow(Reminder(GrainId.Create("mailbox", "other"), "gone"));
        Assert.True(await first.RemoveRow(GrainId.Create("mailbox", "other"), "gone", (await first.ReadRow(GrainId.Create("mailbox", "other"), "gone"))!.ETag!));

        var afterRestart = CreateTable();
        var row = await afterRestart.ReadRow(Mailbox, "keep-alive");

        Assert.NotNull(row);
        Assert.Equal(Mailbox, row.GrainId);
        Assert.Equal(StartAt, row.StartAt);
        Assert.Equal(DateTimeKind.Utc, row.StartAt.Kind);
        Assert.Equal(TimeSpan.FromMinutes(90), row.Period);
        Assert.Equal(eTag, row.ETag);
        Assert.Single((await afterRestart.ReadRows(0, 0)).Reminders);
        Assert.True(await afterRestart.RemoveRow(Mailbox, "keep-alive", eTag!));
    }

    [Fact]
    public async Task The_file_is_readable_json_with_the_grain_id_and_reminder_name()
    {
        await CreateTable().UpsertRow(Reminder(Mailbox, "keep-alive"));

        using var document = JsonDocument.Parse(await File.ReadAllTextAsync(ReminderFilePath));
        var row = Assert.Single(document.RootElement.GetProperty("reminders").EnumerateArray());
        Assert.Equal(Mailbox.ToString(), row.GetProperty("grainId").GetString());
        Assert.Equal("keep-alive", row.GetProperty("name").GetString());
        Assert.False(File.Exists(ReminderFilePath + ".tmp"));
    }

    [Fact]
    public async Task A_torn_temp_file_next_to_the_table_is_ignored()
    {
        await CreateTable().UpsertRow(Reminder(Mailbox, "keep-alive"));
        await File.WriteAllTextAsync(ReminderFilePath + ".tmp", "{\"formatVersion\":1,\"remind");

        var afterCrash = CreateTable();

        Assert.NotNull(await afterCrash.ReadRow(Mailbox, "keep-alive"));
        await afterCrash.UpsertRow(Reminder(Mailbox, "second"));
        Assert.Equal(2, (await CreateTable().ReadRows(Mailbox)).Reminders.Count);
    }

    [Fact]
    public async Task Clearing_the_table_empties_the_file()
    {
        var table = CreateTable();
        await table.UpsertRow(Reminder(Mailbox, "keep-alive"));

        await table.TestOnlyClearTable();

        Assert.Empty((await table.ReadRows(0, 0)).Reminders);
        Assert.Empty((await CreateTable().ReadRows(0, 0)).Reminders);
    }

    [Fact]
    public async Task An_unreadable_file_fails_start_instead_of_dropping_the_reminders()
    {
        Directory.CreateDirectory(_directory.Path);
        await File.WriteAllTextAsync(ReminderFilePath, "not json");

        await Assert.ThrowsAsync<InvalidDataException>(() => CreateTable().StartAsync());
    }

    private FileReminderTable CreateTable() =>
        new(Options.Create(new FileReminderTableOptions { RootDirectory = _directory.Path }));

    private static ReminderEntry Reminder(GrainId grainId, string name, TimeSpan? period = null) => new()
    {
        GrainId = grainId,
        ReminderName = name,
        StartAt = StartAt,
        Period = period ?? TimeSpan.FromMinutes(5),
    };

    private static async Task<GrainId[]> UpsertGrainsSortedByHash(FileReminderTable table, int count)
    {
        var grains = Enumerable.Range(0, count)
            .Select(i => GrainId.Create("mailbox", $"tenant/{i}"))
            .OrderBy(g => g.GetUniformHashCode())
            .ToArray();
        Assert.Equal(count, grains.Select(g => g.GetUniformHashCode()).Distinct().Count());
        foreach (var grain in grains)
        {
            await table.UpsertRow(Reminder(grain, "keep-alive"));
        }

        return grains;
    }

    private static async Task<IEnumerable<string>> ReadRangeKeys(FileReminderTable table, uint begin, uint end) =>
        (await table.ReadRows(begin, end)).Reminders.Select(r => r.GrainId.ToString()).Order().ToList();
}
