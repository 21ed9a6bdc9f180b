using AiCaller.Email.Grains.Storage.Sqlite;
using AiCaller.Email.Tests.Infrastructure;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace AiCaller.Email.Tests.Storage.Sqlite;

/// <summary>The reminder table contract on the embedded SQLite database.</summary>
public sealed class SqliteReminderTableTests : ReminderTableConformance, IDisposable
{
    private readonly TestDatabase _test = new();

    public void Dispose() => _test.Dispose();

    /// <summary>Ours answers false; Orleans' ADO.NET table parses ETags as numbers and throws (Orleans passes only the ETags it read).</summary>
    [Fact]
    public async Task Removing_with_a_string_that_is_no_etag_removes_nothing()
    {
        var table = await CreateTableAsync();
        var eTag = await table.UpsertRow(Reminder(Mailbox, "keep-alive"));

        Assert.False(await table.RemoveRow(Mailbox, "keep-alive", "not-an-etag"));
        Assert.Equal(eTag, (await table.ReadRow(Mailbox, "keep-alive"))?.ETag);
    }

    protected override Task<IReminderTable> CreateTableAsync(string serviceId) =>
        Task.FromResult<IReminderTable>(new SqliteReminderTable(_test.Database, Options.Create(new ClusterOptions { ServiceId = serviceId })));

    protected override Task ReopenDatabaseAsync()
    {
        _test.Reopen();
        return Task.CompletedTask;
    }
}
