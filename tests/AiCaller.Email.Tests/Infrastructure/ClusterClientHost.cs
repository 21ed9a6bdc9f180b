using AiCaller.Email.Grains.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AiCaller.Email.Tests.Infrastructure;

/// <summary>
/// An Orleans client of a test's cluster inside the test process, configured exactly as the API's client mode is
/// (<see cref="ClientConfiguration.UseEmailCluster"/> on settings read by <see cref="HostSettings.FromConfiguration"/>),
/// for what HTTP does not show: where a grain is activated, which silos are members, whether a gateway admits a client.
/// </summary>
public sealed class ClusterClientHost : IAsyncDisposable
{
    private readonly IHost _host;

    private ClusterClientHost(IHost host) => _host = host;

    public IClusterClient Client => _host.Services.GetRequiredService<IClusterClient>();

    /// <summary>Connects with the product's settings given as environment variables (`__` in names, as a process gets them).</summary>
    public static async Task<ClusterClientHost> ConnectAsync(IReadOnlyDictionary<string, string?> environment, TimeSpan within)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(environment.Select(e => KeyValuePair.Create(e.Key.Replace("__", ":", StringComparison.Ordinal), e.Value)));
        builder.Logging.ClearProviders();
        var settings = HostSettings.FromConfiguration(builder.Configuration);
        builder.UseOrleansClient(client => client.UseEmailCluster(settings));
        var host = builder.Build();
        try
        {
            using var timeout = new CancellationTokenSource(within);
            await host.StartAsync(timeout.Token);
            return new ClusterClientHost(host);
        }
        catch
        {
            host.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await _host.StopAsync(timeout.Token);
        }
        catch (Exception e) when (e is OperationCanceledException or Orleans.Runtime.OrleansException)
        {
            // A client whose gateways died cannot say goodbye to them.
        }

        _host.Dispose();
    }
}
