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

    protected override IReminderTable CreateTable(string serviceId) =>
        new SqliteReminderTable(_test.Database, Options.Create(new ClusterOptions { ServiceId = serviceId }));

    protected override Task ReopenDatabaseAsync()
    {
        _test.Reopen();
        return Task.CompletedTask;
    }
}
