using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json;
using AiCaller.Email.Benchmarks.Measurement;
using AiCaller.Email.ProviderEmulator;
using AiCaller.Email.ProviderEmulator.Control;
using AiCaller.Email.ProviderEmulator.Google;
using Microsoft.AspNetCore.Mvc.Testing;

namespace AiCaller.Email.Benchmarks.Hosting;

/// <summary>
/// The provider emulator on a loopback port and the real API host pointed at it, with a temporary data directory
/// that is deleted at the end. Remembers which mailboxes are connected, so that scenarios run together share them.
/// </summary>
public sealed class BenchmarkWorld : IAsyncDisposable
{
    private readonly string _root;
    private readonly Dictionary<string, string?> _settings;
    private Dictionary<BenchmarkTenant, HttpClient> _clients = [];
    private readonly Dictionary<BenchmarkTenant, List<BenchmarkMailbox>> _connected = [];

    private BenchmarkWorld(EmulatorHost emulator, Dictionary<string, string?> settings, string root)
    {
        Emulator = emulator;
        _settings = settings;
        Host = new BenchmarkHostFactory(settings);
        _root = root;
        Connector = new OAuthConnector(emulator.Control);
    }

    public EmulatorHost Emulator { get; }

    public EmulatorControlClient Control => Emulator.Control;

    public BenchmarkHostFactory Host { get; private set; }

    /// <summary>The host's DATA_DIR, which outlives a restart.</summary>
    public string DataDirectory => _settings["DATA_DIR"]!;

    public OAuthConnector Connector { get; }

    /// <summary>Starts both hosts and waits until the API answers /readyz.</summary>
    public static async Task<BenchmarkWorld> StartAsync(IReadOnlyDictionary<string, string?>? overrides = null)
    {
        var emulator = await EmulatorHost.StartAsync();
        var root = Path.Combine(Path.GetTempPath(), "aicaller-bench", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(root);
        var settings = BenchmarkHostSettings.For(root, emulator.BaseUrl);
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        var world = new BenchmarkWorld(emulator, settings, root);
        try
        {
            await world.WaitUntilReadyAsync();
            // Made up front: workers of a load run ask for them concurrently.
            world._clients = BenchmarkTenant.All.ToDictionary(tenant => tenant, world.CreateClient);
            return world;
        }
        catch
        {
            await world.DisposeAsync();
            throw;
        }
    }

    /// <summary>The tenant's client: in memory to the host, with its API key, following no redirect.</summary>
    public HttpClient Api(BenchmarkTenant tenant) => _clients[tenant];

    public IReadOnlyList<BenchmarkMailbox> Connected(BenchmarkTenant tenant)
    {
        lock (_connected)
        {
            return _connected.TryGetValue(tenant, out var list) ? [.. list] : [];
        }
    }

    public void RecordConnected(BenchmarkMailbox mailbox)
    {
        lock (_connected)
        {
            if (!_connected.TryGetValue(mailbox.Tenant, out var list))
            {
                _connected[mailbox.Tenant] = list = [];
            }

            list.Add(mailbox);
        }
    }

    /// <summary>Setup, not measured: connects mailboxes until the tenant has <paramref name="count"/>.</summary>
    public async Task<IReadOnlyList<BenchmarkMailbox>> EnsureConnectedAsync(BenchmarkTenant tenant, int count, int concurrency)
    {
        var have = Connected(tenant).Count;
        if (have < count)
        {
            Console.WriteLine($"  setup: connecting {count - have} mailboxes of tenant '{tenant.Name}'");
            var missing = Enumerable.Range(have, count - have).Select(n => BenchmarkMailbox.Numbered(tenant, n)).ToList();
            // A minute per thousand, at least five: a busy machine connects 10,000 in a few minutes.
            var timeLimit = TimeSpan.FromMinutes(Math.Max(5, missing.Count / 1000.0));
            var result = await LoadRunner.RunAsync($"setup {tenant.Name}", missing.Count, concurrency, timeLimit, async i =>
            {
                var outcome = await Connector.ConnectAsync(Api(tenant), missing[i]);
                if (outcome == OAuthConnector.Connected)
                {
                    RecordConnected(missing[i]);
                }

                return outcome;
            }, CancellationToken.None);
            if (result.Outcomes.Of(OAuthConnector.Connected) != missing.Count)
            {
                throw new InvalidOperationException($"setup could not connect every mailbox: {result.Outcomes.Errors(OAuthConnector.Connected)}");
            }
        }

        return Connected(tenant).Take(count).ToList();
    }

    /// <summary>
    /// Stops the API host and starts a new one on the same data directory and settings, as an operator's restart
    /// would (only the silo's ports are new, so that the old ones need not be free yet).
    /// </summary>
    public async Task<HostRestart> RestartHostAsync()
    {
        DisposeClients();
        var stopping = Stopwatch.GetTimestamp();
        await Host.DisposeAsync();
        var stopped = Stopwatch.GetElapsedTime(stopping);

        _settings["ORLEANS_SILO_PORT"] = FreePort.Next().ToString();
        _settings["ORLEANS_GATEWAY_PORT"] = FreePort.Next().ToString();
        var starting = Stopwatch.GetTimestamp();
        Host = new BenchmarkHostFactory(_settings);
        await WaitUntilReadyAsync();
        var ready = Stopwatch.GetElapsedTime(starting);
        _clients = BenchmarkTenant.All.ToDictionary(tenant => tenant, CreateClient);
        return new HostRestart(stopped, starting, ready);
    }

    public async ValueTask DisposeAsync()
    {
        DisposeClients();
        await Host.DisposeAsync();
        await Emulator.DisposeAsync();
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException e)
        {
            Console.WriteLine($"  could not delete {_root}: {e.Message}");
        }
    }

    private void DisposeClients()
    {
        foreach (var client in _clients.Values)
        {
            client.Dispose();
        }

        _clients = [];
    }

    private HttpClient CreateClient(BenchmarkTenant tenant)
    {
        var client = Host.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tenant.ApiKey);
        client.Timeout = TimeSpan.FromSeconds(60);
        return client;
    }

    private async Task WaitUntilReadyAsync()
    {
        using var client = Host.CreateClient();
        for (var attempt = 0; attempt < 300; attempt++)
        {
            using var ready = await client.GetAsync("/readyz");
            if (ready.IsSuccessStatusCode)
            {
                return;
            }

            await Task.Delay(100);
        }

        throw new InvalidOperationException("the API host did not become ready within 30 s");
    }
}
