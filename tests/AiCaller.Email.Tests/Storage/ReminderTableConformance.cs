namespace AiCaller.Email.Tests.Storage;

/// <summary>
/// What every reminder table of the product must do, whichever database holds it (Orleans' ReminderTableTestsBase
/// pattern). A database's test class derives from this one and says how to make its table and reopen the database.
/// </summary>
public abstract class ReminderTableConformance
{
    protected const string ServiceId = "conformance";

    protected static readonly GrainId Mailbox = GrainId.Create("mailbox", "gmail/tenant-1/ana@example.com");
    private static readonly DateTime StartAt = new(2025, 3, 1, 8, 30, 0, DateTimeKind.Utc);

    protected abstract Task<IReminderTable> CreateTableAsync(string serviceId);

    /// <summary>Closes the database and opens it again, as a restarted host does; tables made before are done with.</summary>
    protected abstract Task ReopenDatabaseAsync();

    protected Task<IReminderTable> CreateTableAsync() => CreateTableAsync(ServiceId);

    [Fact]
    public async Task An_upserted_reminder_reads_back_by_row_and_by_grain()
    {
        var table = await CreateTableAsync();

        var eTag = await table.UpsertRow(Reminder(Mailbox, "keep-alive", TimeSpan.FromHours(12)));

        Assert.False(string.IsNullOrEmpty(eTag));
        var row = await table.ReadRow(Mailbox, "keep-alive");
        Assert.NotNull(row);
        Assert.Equal(Mailbox, row.GrainId);
        Assert.Equal("keep-alive", row.ReminderName);
        Assert.Equal(StartAt, row.StartAt);
        Assert.Equal(TimeSpan.FromHours(12), row.Period);
        Assert.Equal(eTag, row.ETag);
        var byGrain = Assert.Single((await table.ReadRows(Mailbox)).Reminders);
        Assert.Equal(("keep-alive", eTag), (byGrain.ReminderName, byGrain.ETag));
    }

    [Fact]
    public async Task A_missing_reminder_reads_as_null_and_a_grain_without_reminders_as_none()
    {
        var table = await CreateTableAsync();
        await table.UpsertRow(Reminder(Mailbox, "keep-alive"));

        Assert.Null(await table.ReadRow(Mailbox, "other"));
        Assert.Empty((await table.ReadRows(GrainId.Create("mailbox", "nobody"))).Reminders);
    }

    [Fact]
    public async Task Reading_by_grain_returns_only_that_grains_reminders()
    {
        var table = await CreateTableAsync();
        var other = GrainId.Create("mailbox", "outlook/tenant-1/bo@example.com");
        await table.UpsertRow(Reminder(Mailbox, "a"));
        await table.UpsertRow(Reminder(Mailbox, "b"));
        await table.UpsertRow(Reminder(other, "a"));

        var names = (await table.ReadRows(Mailbox)).Reminders.Select(r => (r.GrainId, r.ReminderName)).OrderBy(r => r.ReminderName, StringComparer.Ordinal);

        Assert.Equal(new[] { (Mailbox, "a"), (Mailbox, "b") }, names);
        Assert.Null(await table.ReadRow(other, "b"));
    }

    [Fact]
    public async Task Upserting_an_existing_reminder_replaces_it_with_a_new_etag()
    {
        var table = await CreateTableAsync();
        var first = await table.UpsertRow(Reminder(Mailbox, "keep-alive", TimeSpan.FromHours(1)));

        var second = await table.UpsertRow(Reminder(Mailbox, "keep-alive", TimeSpan.FromHours(2), StartAt.AddDays(1)));

        Assert.NotEqual(first, second);
        var row = Assert.Single((await table.ReadRows(Mailbox)).Reminders);
        Assert.Equal((TimeSpan.FromHours(2), StartAt.AddDays(1), second), (row.Period, row.StartAt, row.ETag));
    }

    [Fact]
    public async Task Removing_with_a_wrong_etag_keeps_the_reminder_and_with_the_right_one_removes_it()
    {
        var table = await CreateTableAsync();
        var stale = await table.UpsertRow(Reminder(Mailbox, "keep-alive"));
        var current = await table.UpsertRow(Reminder(Mailbox, "keep-alive"));

        Assert.False(await table.RemoveRow(Mailbox, "keep-alive", stale!));
        Assert.Equal(current, (await table.ReadRow(Mailbox, "keep-alive"))?.ETag);

        Assert.True(await table.RemoveRow(Mailbox, "keep-alive", current!));
        Assert.Null(await table.ReadRow(Mailbox, "keep-alive"));
        Assert.False(await table.RemoveRow(Mailbox, "keep-alive", current!));
    }

    [Fact]
    public async Task Range_reads_take_the_hashes_after_begin_up_to_and_including_end()
    {
        var table = await CreateTableAsync();
        var grains = await UpsertGrainsSortedByHashAsync(table, count: 20);

        var inRange = await ReadRangeAsync(table, grains[5].GetUniformHashCode(), grains[10].GetUniformHashCode());

        Assert.Equal(Keys(grains[6..11]), inRange);
    }

    [Fact]
    public async Task Range_reads_wrap_around_the_ring_when_begin_is_not_below_end()
    {
        var table = await CreateTableAsync();
        var grains = await UpsertGrainsSortedByHashAsync(table, count: 20);

        var wrapped = await ReadRangeAsync(table, grains[15].GetUniformHashCode(), grains[3].GetUniformHashCode());

        Assert.Equal(Keys([.. grains[16..], .. grains[..4]]), wrapped);
    }

    [Fact]
    public async Task A_range_from_a_point_back_to_itself_is_the_whole_ring()
    {
        var table = await CreateTableAsync();
        var grains = await UpsertGrainsSortedByHashAsync(table, count: 10);

        Assert.Equal(Keys(grains), await ReadRangeAsync(table, grains[4].GetUniformHashCode(), grains[4].GetUniformHashCode()));
        Assert.Equal(Keys(grains), await ReadRangeAsync(table, 0, 0));
    }

    [Fact]
    public async Task Range_reads_compare_hashes_as_unsigned_numbers()
    {
        var table = await CreateTableAsync();
        var grains = await UpsertGrainsSortedByHashAsync(table, count: 20);
        var upperHalf = grains.Where(g => g.GetUniformHashCode() > int.MaxValue).ToArray();
        Assert.NotEmpty(upperHalf);
        Assert.NotEqual(grains.Length, upperHalf.Length);

        Assert.Equal(Keys(upperHalf), await ReadRangeAsync(table, int.MaxValue, uint.MaxValue));
        Assert.Equal(Keys(grains.Except(upperHalf).ToArray()), await ReadRangeAsync(table, uint.MaxValue, int.MaxValue));
    }

    [Fact]
    public async Task A_reopened_database_reads_the_same_reminders()
    {
        var first = await CreateTableAsync();
        var eTag = await first.UpsertRow(Reminder(Mailbox, "keep-alive", TimeSpan.FromMinutes(90)));
        var gone = GrainId.Create("mailbox", "other");
        Assert.True(await first.RemoveRow(gone, "gone", (await first.UpsertRow(Reminder(gone, "gone")))!));

        await ReopenDatabaseAsync();
        var afterRestart = await CreateTableAsync();
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
    public async Task Clearing_the_table_empties_only_this_services_reminders()
    {
        var ours = await CreateTableAsync();
        var theirs = await CreateTableAsync("another-service");
        await ours.UpsertRow(Reminder(Mailbox, "keep-alive"));
        await ours.UpsertRow(Reminder(GrainId.Create("mailbox", "other"), "keep-alive"));
        await theirs.UpsertRow(Reminder(Mailbox, "keep-alive"));

        await ours.TestOnlyClearTable();

        Assert.Empty((await ours.ReadRows(0, 0)).Reminders);
        Assert.Equal(Keys([Mailbox]), await ReadRangeAsync(theirs, 0, 0));
    }

    [Fact]
    public async Task The_service_id_partitions_the_reminders()
    {
        var ours = await CreateTableAsync();
        var theirs = await CreateTableAsync("another-service");
        var eTag = await ours.UpsertRow(Reminder(Mailbox, "keep-alive"));

        Assert.Null(await theirs.ReadRow(Mailbox, "keep-alive"));
        Assert.Empty((await theirs.ReadRows(Mailbox)).Reminders);
        Assert.Empty((await theirs.ReadRows(0, 0)).Reminders);
        Assert.False(await theirs.RemoveRow(Mailbox, "keep-alive", eTag!));

        // Their reminder of the same name is theirs: it neither replaces ours nor bumps its etag.
        await theirs.UpsertRow(Reminder(Mailbox, "keep-alive", TimeSpan.FromDays(1)));
        var row = await ours.ReadRow(Mailbox, "keep-alive");
        Assert.Equal((TimeSpan.FromMinutes(5), eTag), (row?.Period, row?.ETag));
    }

    [Fact]
    public async Task A_long_grain_key_is_kept_whole()
    {
        var table = await CreateTableAsync();
        var longKey = GrainId.Create("mailbox", $"outlook/{Guid.NewGuid()}/{new string('a', 300)}@example.com");

        var eTag = await table.UpsertRow(Reminder(longKey, "keep-alive"));

        Assert.Equal(eTag, (await table.ReadRow(longKey, "keep-alive"))?.ETag);
        Assert.Equal(longKey, Assert.Single((await table.ReadRows(longKey)).Reminders).GrainId);
        Assert.Equal(longKey, Assert.Single((await table.ReadRows(0, 0)).Reminders).GrainId);
    }

    [Fact]
    public async Task Start_time_and_period_round_trip_to_the_millisecond()
    {
        var table = await CreateTableAsync();
        var startAt = new DateTime(2026, 7, 14, 23, 59, 58, 987, DateTimeKind.Utc);
        var period = TimeSpan.FromMilliseconds(61_001);

        await table.UpsertRow(Reminder(Mailbox, "precise", period, startAt));

        var row = await table.ReadRow(Mailbox, "precise");
        Assert.Equal((startAt, DateTimeKind.Utc, period), (row?.StartAt, row?.StartAt.Kind, row?.Period));
    }

    [Fact]
    public async Task A_period_above_int_MaxValue_milliseconds_survives()
    {
        var table = await CreateTableAsync();
        var period = TimeSpan.FromMilliseconds(int.MaxValue + 12_345L);

        await table.UpsertRow(Reminder(Mailbox, "monthly", period));

        Assert.Equal(period, (await table.ReadRow(Mailbox, "monthly"))?.Period);
        Assert.Equal(period, Assert.Single((await table.ReadRows(0, 0)).Reminders).Period);
    }

    protected static ReminderEntry Reminder(GrainId grainId, string name, TimeSpan? period = null, DateTime? startAt = null) => new()
    {
        GrainId = grainId,
        ReminderName = name,
        StartAt = startAt ?? StartAt,
        Period = period ?? TimeSpan.FromMinutes(5),
    };

    private static async Task<GrainId[]> UpsertGrainsSortedByHashAsync(IReminderTable table, int count)
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

    private static async Task<List<string>> ReadRangeAsync(IReminderTable table, uint begin, uint end) =>
        Keys((await table.ReadRows(begin, end)).Reminders.Select(r => r.GrainId).ToArray());

    private static List<string> Keys(GrainId[] grains) => grains.Select(g => g.ToString()).Order(StringComparer.Ordinal).ToList();
}
