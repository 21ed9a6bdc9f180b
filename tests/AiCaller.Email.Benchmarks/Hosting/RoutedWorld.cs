using System.Net.Http.Headers;
using AiCaller.Email.Benchmarks.Measurement;
using AiCaller.Email.Grains.Mailboxes;
using AiCaller.Email.ProviderEmulator;

namespace AiCaller.Email.Benchmarks.Hosting;

/// <summary>
/// The routed comparison's world, all on loopback: the provider emulator in this process (OAuth, and who each mailbox
/// is), the nginx stand-in for Gmail and Graph with its proxy, and the API host as its own process whose
/// GMAIL_API_BASE_URL and GRAPH_API_BASE_URL point at the stand-in. Everything lives in one temporary directory that is
/// deleted at the end.
/// </summary>
public sealed class RoutedWorld : IAsyncDisposable
{
    private readonly string _root;
    private readonly HttpClient _api;
    private readonly OAuthConnector _connector;

    private RoutedWorld(string root, EmulatorHost emulator, ProviderStandIn standIn, ApiProcess host)
    {
        _root = root;
        Emulator = emulator;
        StandIn = standIn;
        Host = host;
        _api = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = host.BaseUrl, Timeout = TimeSpan.FromSeconds(60) };
        _api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", BenchmarkTenant.Bench.ApiKey);
        _connector = new OAuthConnector(emulator.Control);
        Scripts = Path.Combine(root, "wrk");
        Directory.CreateDirectory(Scripts);
    }

    public EmulatorHost Emulator { get; }

    public ProviderStandIn StandIn { get; }

    public ApiProcess Host { get; }

    /// <summary>Where the wrk scripts are written.</summary>
    public string Scripts { get; }

    /// <summary>The API as the benchmark's own client sees it, with tenant <c>bench</c>'s key.</summary>
    public HttpClient Api => _api;

    public static async Task<RoutedWorld> StartAsync()
    {
        var root = Path.Combine(Path.GetTempPath(), "aicaller-bench", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(root);
        EmulatorHost? emulator = null;
        ProviderStandIn? standIn = null;
        try
        {
            emulator = await EmulatorHost.StartAsync();
            Console.WriteLine($"  provider emulator (OAuth) on {emulator.BaseUrl}");
            standIn = await ProviderStandIn.StartAsync(Path.Combine(root, "nginx"), emulator.BaseUrl);
            Console.WriteLine($"  nginx: canned Gmail and Graph on {standIn.Direct}, reverse proxy on {standIn.Proxy}");

            var baseUrl = new Uri($"http://127.0.0.1:{FreePort.Next()}");
            var settings = BenchmarkHostSettings.For(root, emulator.BaseUrl);
            settings["PUBLIC_BASE_URL"] = baseUrl.ToString().TrimEnd('/');
            settings["GMAIL_API_BASE_URL"] = standIn.Direct.ToString().TrimEnd('/');
            settings["GRAPH_API_BASE_URL"] = new Uri(standIn.Direct, "v1.0").ToString();
            Console.WriteLine($"  starting the API host as its own process on {baseUrl} (Release, embedded silo, temporary DATA_DIR)");
            var host = await ApiProcess.StartAsync(baseUrl, settings, root);
            return new RoutedWorld(root, emulator, standIn, host);
        }
        catch
        {
            if (standIn is not null)
            {
                await standIn.DisposeAsync();
            }

            if (emulator is not null)
            {
                await emulator.DisposeAsync();
            }

            Delete(root);
            throw;
        }
    }

    /// <summary>Setup, not measured: connects <paramref name="count"/> mailboxes of the provider through the whole OAuth flow.</summary>
    public async Task<IReadOnlyList<BenchmarkMailbox>> ConnectAsync(ProviderName provider, int count, int concurrency)
    {
        var mailboxes = Enumerable.Range(0, count).Select(n => BenchmarkMailbox.Numbered(BenchmarkTenant.Bench, n, provider)).ToList();
        Console.WriteLine($"  setup: connecting {count} {provider.ToDisplayName()} mailboxes through OAuth");
        var result = await LoadRunner.RunAsync($"connect {provider.ToSlug()}", count, concurrency, TimeSpan.FromMinutes(5),
            i => _connector.ConnectAsync(_api, mailboxes[i]), CancellationToken.None);
        if (result.Outcomes.Of(OAuthConnector.Connected) != count)
        {
            throw new InvalidOperationException(
                $"could not connect every {provider.ToDisplayName()} mailbox: {result.Outcomes.Errors(OAuthConnector.Connected)}{Environment.NewLine}{Host.OutputTail()}");
        }

        return mailboxes;
    }

    public async ValueTask DisposeAsync()
    {
        _api.Dispose();
        await Host.DisposeAsync();
        await StandIn.DisposeAsync();
        await Emulator.DisposeAsync();
        Delete(_root);
    }

    private static void Delete(string root)
    {
        try
        {
            Directory.Delete(root, recursive: true);
        }
        catch (IOException e)
        {
            Console.WriteLine($"  could not delete {root}: {e.Message}");
        }
        catch (UnauthorizedAccessException e)
        {
            // nginx's workers may own temporary directories they made.
            Console.WriteLine($"  could not delete {root}: {e.Message}");
        }
    }
}
