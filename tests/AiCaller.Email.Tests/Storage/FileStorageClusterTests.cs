using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using AiCaller.Email.Grains.Storage;
using Orleans.TestingHost;

namespace AiCaller.Email.Tests.Storage;

/// <summary>The file storage and reminder table wired into a real silo, across deactivation and silo restart.</summary>
public sealed class FileStorageClusterTests
{
    [Fact]
    public async Task Grain_state_and_reminders_survive_reactivation_and_a_silo_restart()
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

        var stateFileName = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(grainId.ToString()))) + ".state";
        Assert.True(File.Exists(Path.Combine(directory.Path, "grains", "counter", stateFileName)));
        using (var reminders = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(directory.Path, "reminders.json"))))
        {
            var row = Assert.Single(reminders.RootElement.GetProperty("reminders").EnumerateArray());
            Assert.Equal(grainId.ToString(), row.GetProperty("grainId").GetString());
            Assert.Equal("keep-alive", row.GetProperty("name").GetString());
        }

        await using (var restarted = await StartClusterAsync(directory.Path))
        {
            var grain = restarted.Client.GetGrain<ICounterGrain>("ana");
            Assert.Equal(2, await grain.GetAsync());
            Assert.True(await grain.HasReminderAsync("keep-alive"));
            Assert.Equal(3, await grain.IncrementAsync());
        }
    }

    private static async Task<InProcessTestCluster> StartClusterAsync(string dataDirectory)
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) => silo
            .AddFileGrainStorage("test", options => options.RootDirectory = dataDirectory)
            .UseFileReminderService(options => options.RootDirectory = dataDirectory));
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }
}
