using AiCaller.Email.Grains.Hosting;
using AiCaller.Email.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Serialization;
using Orleans.Storage;
using Orleans.TestingHost;

namespace AiCaller.Email.Tests.Storage.Postgres;

/// <summary>
/// A real silo configured as the product's on PostgreSQL (<c>AddEmailGrains</c>: ADO.NET reminders, the product's
/// storage) plus an ADO.NET storage for the test's counter, across deactivation and a cluster restart.
/// </summary>
public sealed class PostgresStorageClusterTests
{
    // Rows belong to a service id; the restarted cluster must be the same service to find them.
    private const string ServiceId = "storage-cluster-tests";

    private static readonly IGrainStorageSerializer Serializer =
        new SystemTextJsonGrainStorageSerializer(Options.Create(new SystemTextJsonGrainStorageSerializerOptions()));

    [Fact]
    public async Task Grain_state_and_reminders_survive_deactivation_and_a_cluster_restart()
    {
        await using var database = await PostgresTestDatabase.CreateAsync();

        await using (var cluster = await StartClusterAsync(database))
        {
            var grain = cluster.Client.GetGrain<ICounterGrain>("ana");
            await grain.IncrementAsync();
            Assert.Equal(2, await grain.IncrementAsync());
            await grain.RegisterReminderAsync("keep-alive");
            var firstActivation = await grain.GetActivationIdAsync();

            await cluster.DeactivateAsync(grain);

            Assert.NotEqual(firstActivation, await grain.GetActivationIdAsync());
            Assert.Equal(2, await grain.GetAsync());
            Assert.True(await grain.HasReminderAsync("keep-alive"));
        }

        Assert.Equal(2, (await StoredStateAsync(database, "ana"))?.Count);
        var reminder = Assert.Single(await database.Database.QueryAsync(
            "SELECT service_id, grain_id, reminder_name, period_ms FROM reminders",
            row => (ServiceId: row.GetString(0), GrainId: row.GetString(1), Name: row.GetString(2), PeriodMs: row.GetInt64(3))));
        Assert.Equal((ServiceId, GrainId.Create(CounterGrain.GrainTypeName, "ana").ToString(), "keep-alive", 3_600_000L), reminder);

        await using (var restarted = await StartClusterAsync(database))
        {
            var grain = restarted.Client.GetGrain<ICounterGrain>("ana");
            Assert.Equal(2, await grain.GetAsync());
            Assert.True(await grain.HasReminderAsync("keep-alive"));
            Assert.Equal(3, await grain.IncrementAsync());
        }

        Assert.Equal(3, (await StoredStateAsync(database, "ana"))?.Count);
    }

    [Fact]
    public async Task A_reminder_fires_after_its_grain_was_deactivated()
    {
        await using var database = await PostgresTestDatabase.CreateAsync();
        await using var cluster = await StartClusterAsync(database);
        var grain = cluster.Client.GetGrain<ICounterGrain>("ticker");
        await grain.IncrementAsync();
        await grain.RegisterTickingReminderAsync("tick", TimeSpan.FromSeconds(1));

        await cluster.DeactivateAsync(grain);
        var ticksAtDeactivation = (await StoredStateAsync(database, "ticker"))?.Ticks ?? 0;

        // Nobody calls the grain from here on: only its reminder can wake it, and each tick is a write to its row.
        var ticks = ticksAtDeactivation;
        for (var poll = 0; poll < 600 && ticks < ticksAtDeactivation + 2; poll++)
        {
            await Task.Delay(100);
            ticks = (await StoredStateAsync(database, "ticker"))?.Ticks ?? 0;
        }

        Assert.True(ticks >= ticksAtDeactivation + 2, $"the reminder ticked {ticks - ticksAtDeactivation} times after the deactivation");
        Assert.Equal(1, (await StoredStateAsync(database, "ticker"))?.Count);
    }

    private static async Task<InProcessTestCluster> StartClusterAsync(PostgresTestDatabase database)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                [SettingNames.PostgresConnectionString] = database.ConnectionString,
                [SettingNames.OrleansServiceId] = ServiceId,
            })
            .Build();
        var settings = HostSettings.FromConfiguration(configuration);
        var builder = new InProcessTestClusterBuilder(1);
        builder.Options.ServiceId = ServiceId;
        builder.ConfigureSiloHost((_, host) => host.Services.AddEmailCore(settings, configuration));
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddEmailGrains(settings);
            silo.AddAdoNetGrainStorage("test", options =>
            {
                options.Invariant = "Npgsql";
                options.ConnectionString = database.ConnectionString;
                options.GrainStorageSerializer = Serializer;
            });
            silo.Configure<ReminderOptions>(options => options.MinimumReminderPeriod = TimeSpan.FromSeconds(1));
        });
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }

    /// <summary>The counter's state as its row holds it, read from beside the silo.</summary>
    private static async Task<CounterState?> StoredStateAsync(PostgresTestDatabase database, string key) =>
        (await database.Database.QueryAsync(
            "SELECT payload FROM grain_state WHERE service_id = @serviceId AND state_name = 'counter' AND grain_key = @key",
            row => (byte[])row.GetValue(0),
            ("serviceId", ServiceId),
            ("key", key)))
        .Select(payload => Serializer.Deserialize<CounterState>(new BinaryData(payload)))
        .SingleOrDefault();
}
