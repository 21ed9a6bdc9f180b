using AiCaller.Email.ProviderEmulator;
using AiCaller.Email.Tests.Infrastructure;
using Microsoft.Playwright;

namespace AiCaller.Email.Tests.Browser;

/// <summary>
/// Debian's Chromium, driven by Playwright, against the provider emulator and two API hosts run as `dotnet` processes on
/// loopback ports (a browser needs real sockets): one in open mode, one with <see cref="TenantKeys"/>.
/// </summary>
public sealed class BrowserWorld : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    // What works as root on this machine's closed network: no sandbox (root), and no background connections that the
    // network refuses. Playwright adds --headless and a fresh --user-data-dir itself.
    private static readonly string[] ChromiumFlags =
    [
        "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync",
    ];

    private readonly string _root = Path.Combine(Path.GetTempPath(), "aicaller-browser-tests", Guid.NewGuid().ToString("N"));
    private IPlaywright? _playwright;

    public EmulatorHost Emulator { get; private set; } = null!;

    public ApiProcess OpenApi { get; private set; } = null!;

    public ApiProcess KeyedApi { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>Where screenshots go: under the test output directory, beside the test results.</summary>
    public static string ArtifactDirectory => Path.Combine(AppContext.BaseDirectory, "TestResults", "browser");

    public async Task InitializeAsync()
    {
        // Fails, never skips: a browser test that quietly did not run proves nothing.
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException(
                $"The browser test drives Debian's Chromium at {ChromiumPath}, which is not installed: run `apt-get install -y chromium` "
                + "(.ci/run installs it when it is missing). Playwright's own browser download is not used.");
        }

        Directory.CreateDirectory(_root);
        Emulator = await EmulatorHost.StartAsync();
        OpenApi = await StartApiAsync("open", new Dictionary<string, string?>());
        KeyedApi = await StartApiAsync("keyed", TenantKeys.Settings);

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ChromiumFlags,
        });
    }

    /// <summary>A fresh browser profile (no storage, no cookies) on <paramref name="api"/>.</summary>
    public async Task<IPage> NewPageAsync(ApiProcess api, int width = 1100)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = api.BaseUrl.ToString(),
            ViewportSize = new ViewportSize { Width = width, Height = 900 },
            Locale = "en-US",
            TimezoneId = "UTC",
        });
        context.SetDefaultTimeout(30_000);
        return await context.NewPageAsync();
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        _playwright?.Dispose();
        foreach (var api in new[] { OpenApi, KeyedApi })
        {
            if (api is not null)
            {
                var failures = api.Output.Where(line => line.Contains("Unhandled failure on", StringComparison.Ordinal)).ToList();
                await api.DisposeAsync();
                Assert.True(failures.Count == 0, $"the host answered 500:{Environment.NewLine}{string.Join(Environment.NewLine, failures)}");
            }
        }

        if (Emulator is not null)
        {
            await Emulator.DisposeAsync();
        }

        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // A temp directory left behind is harmless.
        }
    }

    private Task<ApiProcess> StartApiAsync(string name, IReadOnlyDictionary<string, string?> overrides)
    {
        var directory = Path.Combine(_root, name);
        var settings = ProductSettings.For(Emulator.BaseUrl).ToDictionary(e => e.Key, e => (string?)e.Value);
        settings["DATA_DIR"] = Path.Combine(directory, "data");
        settings["GMAIL_OAUTH_TOKEN_FILE"] = Path.Combine(directory, "secrets", "gmail_token.json");
        settings["OUTLOOK_OAUTH_TOKEN_FILE"] = Path.Combine(directory, "secrets", "outlook_token.json");
        settings["PROVIDER_RETRY_BASE_DELAY_MS"] = "20";
        foreach (var (key, value) in overrides)
        {
            settings[key] = value;
        }

        Directory.CreateDirectory(directory);
        return ApiProcess.StartAsync(settings, directory, $"api-{name}");
    }
}
