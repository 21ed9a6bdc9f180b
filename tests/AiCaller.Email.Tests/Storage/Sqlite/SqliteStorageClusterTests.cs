using AiCaller.Email.Grains.Hosting;
using AiCaller.Email.Grains.Storage.Sqlite;
using AiCaller.Email.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Serialization;
using Orleans.Storage;
using Orleans.TestingHost;

namespace AiCaller.Email.Tests.Storage.Sqlite;

/// <summary>The product's SQLite storage and reminder table wired into a real silo, across deactivation and a cluster restart.</summary>
public sealed class SqliteStorageClusterTests
{
    // Rows belong to a service id; the restarted cluster must be the same service to find them.
    private const string ServiceId = "storage-cluster-tests";

    private static readonly IGrainStorageSerializer Serializer =
        new SystemTextJsonGrainStorageSerializer(Options.Create(new SystemTextJsonGrainStorageSerializerOptions()));

    [Fact]
    public async Task Grain_state_and_reminders_survive_deactivation_and_a_cluster_restart()
    {
        using var directory = new TemporaryDirectory();
        var grainId = GrainId.Create(CounterGrain.GrainTypeName, "ana");

        await using (var cluster = await StartClusterAsync(directory.Path))
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

        Assert.Equal(2, StoredState(directory.Path, grainId)?.Count);
        var reminder = Assert.Single(StoredData.Query(
            directory.Path, "SELECT service_id, grain_id, reminder_name, period_ms FROM reminders",
            row => (ServiceId: row.GetString(0), GrainId: row.GetString(1), Name: row.GetString(2), PeriodMs: row.GetInt64(3))));
        Assert.Equal((ServiceId, grainId.ToString(), "keep-alive", 3_600_000L), reminder);

        await using (var restarted = await StartClusterAsync(directory.Path))
        {
            var grain = restarted.Client.GetGrain<ICounterGrain>("ana");
            Assert.Equal(2, await grain.GetAsync());
            Assert.True(await grain.HasReminderAsync("keep-alive"));
            Assert.Equal(3, await grain.IncrementAsync());
        }

        Assert.Equal(3, StoredState(directory.Path, grainId)?.Count);
    }

    [Fact]
    public async Task A_reminder_fires_after_its_grain_was_deactivated()
    {
        using var directory = new TemporaryDirectory();
        var grainId = GrainId.Create(CounterGrain.GrainTypeName, "ticker");
        await using var cluster = await StartClusterAsync(directory.Path);
        var grain = cluster.Client.GetGrain<ICounterGrain>("ticker");
        await grain.IncrementAsync();
        await grain.RegisterTickingReminderAsync("tick", TimeSpan.FromSeconds(1));

        await cluster.DeactivateAsync(grain);
        var ticksAtDeactivation = StoredState(directory.Path, grainId)?.Ticks ?? 0;

        // Nobody calls the grain from here on: only its reminder can wake it, and each tick is a write to its row.
        var ticks = ticksAtDeactivation;
        for (var poll = 0; poll < 600 && ticks < ticksAtDeactivation + 2; poll++)
        {
            await Task.Delay(100);
            ticks = StoredState(directory.Path, grainId)?.Ticks ?? 0;
        }

        Assert.True(ticks >= ticksAtDeactivation + 2, $"the reminder ticked {ticks - ticksAtDeactivation} times after the deactivation");
        Assert.Equal(1, StoredState(directory.Path, grainId)?.Count);
    }

    private static async Task<InProcessTestCluster> StartClusterAsync(string dataDirectory)
    {
        var settings = HostSettings.FromConfiguration(new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["DATA_DIR"] = dataDirectory, ["ORLEANS_SERVICE_ID"] = ServiceId })
            .Build());
        var builder = new InProcessTestClusterBuilder(1);
        builder.Options.ServiceId = ServiceId;
        builder.ConfigureSilo((_, silo) =>
        {
            silo.Services.AddSingleton(settings);
            silo.Services.AddProductDatabase(settings);
            silo.UseSqliteStorage("test", _ => Serializer);
            silo.Configure<ReminderOptions>(options => options.MinimumReminderPeriod = TimeSpan.FromSeconds(1));
        });
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }

    /// <summary>The counter's state as its row holds it, read from beside the silo.</summary>
    private static CounterState? StoredState(string dataDirectory, GrainId grainId) =>
        StoredData.Query(
                dataDirectory,
                $"SELECT payload FROM grain_state WHERE service_id = '{ServiceId}' AND state_name = 'counter' AND grain_id = '{grainId}'",
                row => (byte[])row.GetValue(0))
            .Select(payload => Serializer.Deserialize<CounterState>(new BinaryData(payload)))
            .SingleOrDefault();
}
