using System.Net.Http.Json;
using System.Text.Json;
using AiCaller.Email.Tests.Infrastructure;

namespace AiCaller.Email.Tests.EndToEnd;

/// <summary>One host per data directory, and the host says where its data is.</summary>
public sealed class DataDirectoryTests
{
    [Fact]
    public async Task A_second_host_on_the_same_data_directory_refuses_to_start_and_the_first_keeps_working()
    {
        await using var world = await ProcessWorld.StartAsync();
        await using var first = await world.StartApiAsync();

        var refusal = await Assert.ThrowsAsync<InvalidOperationException>(world.StartApiAsync);

        Assert.Contains("exited", refusal.Message);
        Assert.Contains($"already using the data directory '{world.DataDirectory}'", refusal.Message);
        using var api = first.Client();
        using var start = await api.GetAsync("/api/gmail/accounts/still-works/oauth/start");
        Assert.True(start.IsSuccessStatusCode, await start.Content.ReadAsStringAsync());
        Assert.Equal("Healthy", await api.GetStringAsync("/readyz"));
    }

    [Fact]
    public async Task The_host_logs_the_absolute_path_of_its_data_directory_at_start()
    {
        await using var world = await TestWorld.StartAsync();
        using var api = world.Api();

        Assert.Equal("disconnected", (await api.GetFromJsonAsync<JsonElement>("/api/gmail/status")).GetProperty("status").GetString());

        Assert.True(Path.IsPathRooted(world.DataDirectory));
        Assert.Contains(world.Host.Logs.Lines, line => line.Contains($"Data          {Path.Combine(world.DataDirectory, "aicaller.db")} (SQLite)", StringComparison.Ordinal));
    }
}
