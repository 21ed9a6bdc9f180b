using System.Text.Json;
using AiCaller.Email.ProviderEmulator;

namespace AiCaller.Email.Tests.Infrastructure;

/// <summary>
/// The product as a cluster deployment runs it, every host a process of its own: a PostgreSQL database of its own on
/// the test run's server, the provider emulator, headless silos and the API as their Orleans client
/// (<c>ORLEANS_MODE=client</c>), all with the same connection string and the default cluster and service ids. Processes
/// can be killed and started again on the same database; the world kills whatever still runs when it goes.
/// </summary>
public sealed class ClusterWorld : IAsyncDisposable
{
    private readonly List<SiloProcess> _silos = [];
    private readonly List<ApiProcess> _apis = [];
    private int _silosStarted;

    private ClusterWorld(EmulatorHost emulator, string root, string connectionString, IReadOnlyDictionary<string, string?>? overrides)
    {
        Emulator = emulator;
        Root = root;
        ConnectionString = connectionString;
        Settings = ProductSettings.For(emulator.BaseUrl).ToDictionary(e => e.Key, e => (string?)e.Value);
        Settings["ConnectionStrings__Postgres"] = connectionString;
        // The silos listen on every address; loopback is what they tell each other and the clients.
        Settings["ORLEANS_ADVERTISED_IP"] = "127.0.0.1";
        Settings["PUBLIC_BASE_URL"] = "http://localhost";
        Settings["DATA_DIR"] = Path.Combine(root, "data");
        Settings["PROVIDER_RETRY_BASE_DELAY_MS"] = "20";
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            Settings[key] = value;
        }
    }

    public EmulatorHost Emulator { get; }

    /// <summary>The working directory of every process of the world.</summary>
    public string Root { get; }

    public string ConnectionString { get; }

    /// <summary>What every host of the world is started with (as environment variables); the API adds client mode.</summary>
    public Dictionary<string, string?> Settings { get; }

    /// <summary>The silos started so far, killed ones included, in the order they started.</summary>
    public IReadOnlyList<SiloProcess> Silos => _silos;

    /// <summary>The API started last.</summary>
    public ApiProcess Api => _apis.LastOrDefault() ?? throw new InvalidOperationException("No API was started.");

    /// <summary>A fresh database, the emulator and <paramref name="silos"/> silos (started together, as an orchestrator does), then the API.</summary>
    public static async Task<ClusterWorld> StartAsync(int silos = 2, IReadOnlyDictionary<string, string?>? overrides = null)
    {
        var server = await PostgresServer.Shared;
        var connectionString = await server.CreateDatabaseAsync();
        var root = Path.Combine(Path.GetTempPath(), "aicaller-cluster-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(root);
        var world = new ClusterWorld(await EmulatorHost.StartAsync(), root, connectionString, overrides);
        try
        {
            await world.StartSilosAsync(silos);
            await world.StartApiAsync();
            return world;
        }
        catch
        {
            await world.DisposeAsync();
            throw;
        }
    }

    public async Task StartSilosAsync(int count)
    {
        var starting = Enumerable.Range(0, count).Select(_ => SiloProcess.StartAsync($"silo-{Interlocked.Increment(ref _silosStarted)}", Settings, Root)).ToList();
        try
        {
            await Task.WhenAll(starting);
        }
        finally
        {
            // Keep every silo that did start, so that a failure to start one still kills the others.
            _silos.AddRange(starting.Where(s => s.IsCompletedSuccessfully).Select(s => s.Result).OrderBy(s => s.Name, StringComparer.Ordinal));
        }
    }

    public async Task<ApiProcess> StartApiAsync()
    {
        var api = await ApiProcess.StartAsync(new Dictionary<string, string?>(Settings) { ["ORLEANS_MODE"] = "client" }, Root, $"api-{_apis.Count + 1}");
        _apis.Add(api);
        return api;
    }

    /// <summary>Kills every process of the world at once (SIGKILL), as a power cut would.</summary>
    public async Task KillAllAsync() =>
        await Task.WhenAll(_apis.Select(a => a.KillAsync()).Concat(_silos.Select(s => s.KillAsync())));

    /// <summary>An Orleans client in the test process, with the world's settings and <paramref name="changes"/> applied (a null value removes one).</summary>
    public Task<ClusterClientHost> ConnectClientAsync(IReadOnlyDictionary<string, string?>? changes = null, TimeSpan? within = null)
    {
        var environment = new Dictionary<string, string?>(Settings) { ["ORLEANS_MODE"] = "client" };
        foreach (var (key, value) in changes ?? new Dictionary<string, string?>())
        {
            environment[key] = value;
        }

        return ClusterClientHost.ConnectAsync(environment, within ?? TimeSpan.FromMinutes(2));
    }

    /// <summary>Connects a mailbox through the current API and the emulator's consent page.</summary>
    public async Task<JsonElement> ConnectMailboxAsync(string mailboxPath, string email)
    {
        using var api = Api.Client();
        return await MailboxConsent.ConnectAsync(api, Emulator.Control, mailboxPath, email);
    }

    /// <summary>The OAuth codes the emulator exchanged for tokens so far, Google's and Microsoft's: each one is a consent.</summary>
    public async Task<int> CodeExchangesAsync() =>
        (await Emulator.Control.GetGoogleStatsAsync()).CodeExchanges + (await Emulator.Control.GetMicrosoftStatsAsync()).CodeExchanges;

    /// <summary>The last lines of every process of the world, for a failure message.</summary>
    public string OutputTails() =>
        string.Join(Environment.NewLine, _silos.Select(s => s.OutputTail).Concat(_apis.Select(a => a.OutputTail)));

    /// <summary>No request may have been answered with a 500: every API of the world logs each one it answered so.</summary>
    public void AssertNoServerErrors()
    {
        var failures = _apis.SelectMany(api => api.Output).Where(line =>
            line.Contains("Unhandled failure on", StringComparison.Ordinal)
            || line.Contains("An unhandled exception has occurred while executing the request", StringComparison.Ordinal)).ToList();
        Assert.True(failures.Count == 0, $"an API answered 500:{Environment.NewLine}{string.Join(Environment.NewLine, failures)}");
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var api in _apis)
        {
            await api.DisposeAsync();
        }

        foreach (var silo in _silos)
        {
            await silo.DisposeAsync();
        }

        await Emulator.DisposeAsync();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A temp directory left behind is harmless.
        }
    }
}
