using AiCaller.Email.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;

namespace AiCaller.Email.Tests.Storage.Postgres;

/// <summary>
/// The reminder table contract on PostgreSQL: Orleans' own ADO.NET reminder table, registered as the product registers
/// it (<c>UseAdoNetReminderService</c>, invariant Npgsql), running the product's queries from the OrleansQuery table.
/// </summary>
public sealed class PostgresReminderTableTests : ReminderTableConformance, IAsyncLifetime
{
    private readonly List<ServiceProvider> _providers = [];
    private PostgresTestDatabase _test = null!;

    public async Task InitializeAsync() => _test = await PostgresTestDatabase.CreateAsync();

    public async Task DisposeAsync()
    {
        foreach (var provider in _providers)
        {
            await provider.DisposeAsync();
        }

        await _test.DisposeAsync();
    }

    protected override async Task<IReminderTable> CreateTableAsync(string serviceId)
    {
        // The table type is internal to Orleans: it is taken from the registration a silo would use.
        var services = new ServiceCollection();
        services.Configure<ClusterOptions>(options => options.ServiceId = serviceId);
        services.UseAdoNetReminderService(options => options.Configure(o =>
        {
            o.Invariant = "Npgsql";
            o.ConnectionString = _test.ConnectionString;
        }));
        var provider = services.BuildServiceProvider();
        _providers.Add(provider);
        var table = provider.GetRequiredService<IReminderTable>();
        await table.StartAsync();
        return table;
    }

    protected override async Task ReopenDatabaseAsync() => await _test.ReopenAsync();
}
