using AiCaller.Email.Grains.Mail;
using AiCaller.Email.Grains.Mailboxes;
using AiCaller.Email.Grains.Mailboxes.Sends;
using AiCaller.Email.Tests.Infrastructure;

namespace AiCaller.Email.Tests.Mailboxes.Sends;

/// <summary>Send records in their rows, on each database the product runs on.</summary>
public abstract class SendRecordStoreTests(Func<Task<ITestDatabase>> createDatabase) : IAsyncLifetime
{
    private const int NoCap = 1000;

    private static readonly DateTimeOffset At = new(2026, 11, 24, 12, 0, 0, 250, TimeSpan.Zero);
    private static readonly MailboxKey Mailbox = MailboxKey.Create(ProviderName.Gmail, "tenant-1", "agent-1");
    private static readonly MailboxKey OtherMailbox = MailboxKey.Create(ProviderName.Outlook, "tenant-1", "agent-1");

    private ITestDatabase _test = null!;
    private SendRecordStore _store = null!;

    public async Task InitializeAsync()
    {
        _test = await createDatabase();
        _store = new SendRecordStore(_test.Database, _test.Settings);
    }

    public async Task DisposeAsync() => await _test.DisposeAsync();

    [Fact]
    public async Task A_pending_record_reads_back_and_once_completed_carries_the_providers_answer()
    {
        var pending = Pending("key-1", At);
        await _store.AddPendingAsync(Mailbox, pending, NoCap, At.AddDays(-1));

        Assert.Equal(pending, await _store.FindAsync(Mailbox, "key-1", At.AddDays(-1)));

        await _store.MarkAttemptAsync(Mailbox, "key-1", At.AddSeconds(30));
        await _store.CompleteAsync(Mailbox, "key-1", new SendResult("message-1", "thread-1"));

        var completed = await _store.FindAsync(Mailbox, "key-1", At.AddDays(-1));
        Assert.Equal(
            pending with { Outcome = SendOutcome.Sent, Result = new SendResult("message-1", "thread-1"), AttemptedAt = At.AddSeconds(30) },
            completed);
    }

    [Fact]
    public async Task Finding_ignores_a_record_created_before_the_window()
    {
        await _store.AddPendingAsync(Mailbox, Pending("key-1", At), NoCap, At.AddDays(-1));

        Assert.Null(await _store.FindAsync(Mailbox, "key-1", createdAfter: At));
        Assert.NotNull(await _store.FindAsync(Mailbox, "key-1", createdAfter: At.AddMilliseconds(-1)));
        Assert.Null(await _store.FindAsync(Mailbox, "another-key", createdAfter: At.AddDays(-1)));
    }

    [Fact]
    public async Task Adding_a_pending_record_deletes_that_mailboxs_expired_records()
    {
        await _store.AddPendingAsync(Mailbox, Pending("old", At), NoCap, At.AddDays(-1));
        await _store.AddPendingAsync(Mailbox, Pending("at-the-edge", At.AddMinutes(1)), NoCap, At.AddDays(-1));
        await _store.AddPendingAsync(Mailbox, Pending("young", At.AddMinutes(2)), NoCap, At.AddDays(-1));
        await _store.AddPendingAsync(OtherMailbox, Pending("old", At), NoCap, At.AddDays(-1));

        await _store.AddPendingAsync(Mailbox, Pending("new", At.AddHours(1)), NoCap, expiredBefore: At.AddMinutes(1));

        Assert.Equal(["new", "young"], await StoredKeysAsync(Mailbox));
        Assert.Equal(["old"], await StoredKeysAsync(OtherMailbox));
    }

    [Fact]
    public async Task The_cap_drops_sent_records_before_pending_ones_and_the_oldest_first()
    {
        await _store.AddPendingAsync(Mailbox, Pending("1-pending", At), 3, At.AddDays(-1));
        await _store.AddPendingAsync(Mailbox, Pending("2-sent", At.AddMinutes(1)), 3, At.AddDays(-1));
        await _store.CompleteAsync(Mailbox, "2-sent", new SendResult("m2", "t2"));
        await _store.AddPendingAsync(Mailbox, Pending("3-sent", At.AddMinutes(2)), 3, At.AddDays(-1));
        await _store.CompleteAsync(Mailbox, "3-sent", new SendResult("m3", "t3"));

        await _store.AddPendingAsync(Mailbox, Pending("4-pending", At.AddMinutes(3)), 3, At.AddDays(-1));
        Assert.Equal(["1-pending", "3-sent", "4-pending"], await StoredKeysAsync(Mailbox));

        await _store.AddPendingAsync(Mailbox, Pending("5-pending", At.AddMinutes(4)), 3, At.AddDays(-1));
        Assert.Equal(["1-pending", "4-pending", "5-pending"], await StoredKeysAsync(Mailbox));

        await _store.AddPendingAsync(Mailbox, Pending("6-pending", At.AddMinutes(5)), 3, At.AddDays(-1));
        Assert.Equal(["4-pending", "5-pending", "6-pending"], await StoredKeysAsync(Mailbox));
    }

    [Fact]
    public async Task Deleting_removes_a_pending_record_but_not_a_sent_one()
    {
        await _store.AddPendingAsync(Mailbox, Pending("pending", At), NoCap, At.AddDays(-1));
        await _store.AddPendingAsync(Mailbox, Pending("sent", At), NoCap, At.AddDays(-1));
        await _store.CompleteAsync(Mailbox, "sent", new SendResult("m", "t"));

        await _store.DeleteAsync(Mailbox, "pending");
        await _store.DeleteAsync(Mailbox, "sent");

        Assert.Equal(["sent"], await StoredKeysAsync(Mailbox));
        Assert.Equal(SendOutcome.Sent, (await _store.FindAsync(Mailbox, "sent", At.AddDays(-1)))?.Outcome);
    }

    [Fact]
    public async Task Deleting_expired_records_reaches_every_mailbox_of_this_service_only()
    {
        var anotherService = new SendRecordStore(_test.Database, _test.Settings with { ServiceId = "another-service" });
        await _store.AddPendingAsync(Mailbox, Pending("old", At), NoCap, At.AddDays(-1));
        await _store.AddPendingAsync(Mailbox, Pending("young", At.AddHours(2)), NoCap, At.AddDays(-1));
        await _store.AddPendingAsync(OtherMailbox, Pending("old", At.AddHours(1)), NoCap, At.AddDays(-1));
        await anotherService.AddPendingAsync(Mailbox, Pending("theirs", At), NoCap, At.AddDays(-1));

        var deleted = await _store.DeleteExpiredAsync(At.AddHours(1));

        Assert.Equal(2, deleted);
        Assert.Equal(["young"], await StoredKeysAsync(Mailbox, _test.Settings.ServiceId));
        Assert.Empty(await StoredKeysAsync(OtherMailbox));
        Assert.Equal(["theirs"], await StoredKeysAsync(Mailbox, "another-service"));
    }

    [Fact]
    public async Task Records_of_other_mailboxes_are_untouched()
    {
        await _store.AddPendingAsync(Mailbox, Pending("shared-key", At), NoCap, At.AddDays(-1));
        await _store.AddPendingAsync(OtherMailbox, Pending("shared-key", At), NoCap, At.AddDays(-1));
        await _store.AddPendingAsync(OtherMailbox, Pending("other-only", At), NoCap, At.AddDays(-1));

        await _store.CompleteAsync(Mailbox, "shared-key", new SendResult("m", "t"));
        await _store.MarkAttemptAsync(Mailbox, "shared-key", At.AddMinutes(5));
        await _store.AddPendingAsync(Mailbox, Pending("second", At.AddMinutes(1)), 1, At.AddDays(-1));
        await _store.DeleteAsync(Mailbox, "other-only");

        Assert.Equal(["second"], await StoredKeysAsync(Mailbox));
        Assert.Equal(Pending("shared-key", At), await _store.FindAsync(OtherMailbox, "shared-key", At.AddDays(-1)));
        Assert.Equal(Pending("other-only", At), await _store.FindAsync(OtherMailbox, "other-only", At.AddDays(-1)));
    }

    private static SendRecord Pending(string key, DateTimeOffset createdAt) =>
        new(key, "hash-of-" + key, "marker-of-" + key, SendOutcome.Pending, null, createdAt, createdAt);

    private async Task<List<string>> StoredKeysAsync(MailboxKey mailbox, string? serviceId = null) =>
        (await _test.Database.QueryAsync(
            "SELECT idempotency_key FROM send_records WHERE service_id = @serviceId AND mailbox = @mailbox",
            row => row.GetString(0),
            ("serviceId", serviceId ?? _test.Settings.ServiceId),
            ("mailbox", mailbox.ToGrainKey())))
        .Order(StringComparer.Ordinal).ToList();
}

public sealed class SqliteSendRecordStoreTests() : SendRecordStoreTests(() => Task.FromResult<ITestDatabase>(new TestDatabase()));

public sealed class PostgresSendRecordStoreTests() : SendRecordStoreTests(async () => await PostgresTestDatabase.CreateAsync());
