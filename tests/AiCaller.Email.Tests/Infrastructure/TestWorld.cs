using System.Net.Http.Headers;
using System.Text.Json;
using AiCaller.Email.ProviderEmulator;
using AiCaller.Email.ProviderEmulator.Google;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace AiCaller.Email.Tests.Infrastructure;

/// <summary>
/// A provider emulator on loopback and an API host pointed at it, with a fresh data directory.
/// Tests isolate themselves by account id and mailbox address rather than by world.
/// </summary>
public sealed class TestWorld : IAsyncDisposable
{
    private readonly Dictionary<string, string?> _settings;
    private readonly FakeTimeProvider? _mailboxClock;
    private readonly Action<IServiceCollection>? _services;

    private TestWorld(
        EmulatorHost emulator, Dictionary<string, string?> settings, string dataDirectory, FakeTimeProvider? mailboxClock,
        Action<IServiceCollection>? services)
    {
        Emulator = emulator;
        _settings = settings;
        DataDirectory = dataDirectory;
        _mailboxClock = mailboxClock;
        _services = services;
        Host = new EmailHostFactory(settings, mailboxClock, services);
    }

    public EmulatorHost Emulator { get; }

    public EmailHostFactory Host { get; private set; }

    public string DataDirectory { get; }

    /// <param name="services">Added to the host's services after the product's own (e.g. a telemetry exporter).</param>
    public static async Task<TestWorld> StartAsync(
        IReadOnlyDictionary<string, string?>? overrides = null, FakeTimeProvider? mailboxClock = null, Action<IServiceCollection>? services = null)
    {
        var emulator = await EmulatorHost.StartAsync();
        var root = Path.Combine(Path.GetTempPath(), "aicaller-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(root);
        var settings = new Dictionary<string, string?>
        {
            ["DATA_DIR"] = Path.Combine(root, "data"),
            ["PUBLIC_BASE_URL"] = "http://localhost",
            ["ORLEANS_SILO_PORT"] = FreePort.Next().ToString(),
            ["ORLEANS_GATEWAY_PORT"] = FreePort.Next().ToString(),
            ["GMAIL_OAUTH_TOKEN_FILE"] = Path.Combine(root, "secrets", "gmail_token.json"),
            ["OUTLOOK_OAUTH_TOKEN_FILE"] = Path.Combine(root, "secrets", "outlook_token.json"),
            ["PROVIDER_RETRY_BASE_DELAY_MS"] = "20",
        };
        foreach (var (key, value) in ProductSettings.For(emulator.BaseUrl))
        {
            settings[key] = value;
        }

        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        return new TestWorld(emulator, settings, settings["DATA_DIR"]!, mailboxClock, services);
    }

    public string? Setting(string key) => _settings.GetValueOrDefault(key);

    public HttpClient Api(string? apiKey = null)
    {
        var client = Host.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        if (apiKey is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        }

        return client;
    }

    /// <summary>Stops the host and starts a new one on the same data directory and settings, with <paramref name="changes"/> applied.</summary>
    public async Task RestartHostAsync(IReadOnlyDictionary<string, string?>? changes = null)
    {
        await Host.DisposeAsync();
        AssertNoServerErrors();
        foreach (var (key, value) in changes ?? new Dictionary<string, string?>())
        {
            _settings[key] = value;
        }

        _settings["ORLEANS_SILO_PORT"] = FreePort.Next().ToString();
        _settings["ORLEANS_GATEWAY_PORT"] = FreePort.Next().ToString();
        Host = new EmailHostFactory(_settings, _mailboxClock, _services);
    }

    /// <summary>Runs the whole consent: start, the emulator's consent page, then the callback as an API client.</summary>
    public Task<JsonElement> ConnectAsync(HttpClient api, string mailboxPath, string email) =>
        MailboxConsent.ConnectAsync(api, Emulator.Control, mailboxPath, email);

    /// <summary>No request of any test may answer 500: the host logs each one it answered so, and none may be there.</summary>
    private void AssertNoServerErrors()
    {
        var failures = Host.Logs.Lines.Where(line =>
            line.Contains("Unhandled failure on", StringComparison.Ordinal)
            || line.Contains("An unhandled exception has occurred while executing the request", StringComparison.Ordinal)).ToList();
        Assert.True(failures.Count == 0, $"the host answered 500:{Environment.NewLine}{string.Join(Environment.NewLine, failures)}");
    }

    public static string NewAccount() => "acct-" + Guid.NewGuid().ToString("N")[..10];

    public static string NewEmail() => $"u{Guid.NewGuid().ToString("N")[..10]}@example.com";

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        AssertNoServerErrors();
        await Emulator.DisposeAsync();
        try
        {
            Directory.Delete(Path.GetDirectoryName(DataDirectory)!, recursive: true);
        }
        catch (IOException)
        {
            // A temp directory left behind is harmless.
        }
    }
}
