using AiCaller.Email.Grains.Hosting;
using AiCaller.Email.Grains.Mailboxes;
using AiCaller.Email.Grains.Security;
using AiCaller.Email.ProviderEmulator;
using AiCaller.Email.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace AiCaller.Email.Tests.Grains;

/// <summary>
/// A TestingHost cluster of one silo configured as the product's (file storage, reminders, providers),
/// its Gmail provider pointed at the emulator on loopback.
/// </summary>
public class MailboxClusterFixture : IAsyncLifetime
{
    private string _root = string.Empty;

    /// <summary>Settings a derived fixture adds or overrides.</summary>
    protected virtual IReadOnlyDictionary<string, string?> Overrides { get; } = new Dictionary<string, string?>();

    /// <summary>Silo configuration a derived fixture adds.</summary>
    protected virtual void ConfigureSilo(ISiloBuilder silo)
    {
    }

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public EmulatorHost Emulator { get; private set; } = null!;

    public string DataDirectory => Path.Combine(_root, "data");

    public IGrainFactory Grains => Cluster.Client;

    public async Task InitializeAsync()
    {
        Emulator = await EmulatorHost.StartAsync();
        _root = Path.Combine(Path.GetTempPath(), "aicaller-grain-tests", Guid.NewGuid().ToString("N"));
        var configuration = ProductSettings.For(Emulator.BaseUrl).ToDictionary(e => e.Key, e => (string?)e.Value);
        configuration["DATA_DIR"] = DataDirectory;
        configuration["PUBLIC_BASE_URL"] = "http://localhost";
        configuration["GMAIL_OAUTH_TOKEN_FILE"] = Path.Combine(_root, "secrets", "gmail_token.json");
        configuration["OUTLOOK_OAUTH_TOKEN_FILE"] = Path.Combine(_root, "secrets", "outlook_token.json");
        configuration["PROVIDER_RETRY_BASE_DELAY_MS"] = "20";
        foreach (var (key, value) in Overrides)
        {
            configuration[key] = value;
        }

        var builtConfiguration = new ConfigurationBuilder().AddInMemoryCollection(configuration).Build();
        var settings = HostSettings.FromConfiguration(builtConfiguration);

        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSiloHost((_, host) =>
        {
            host.Configuration.AddInMemoryCollection(configuration);
            host.Services.AddEmailCore(settings, builtConfiguration);
        });
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddEmailGrains(settings);
            ConfigureSilo(silo);
        });
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public T SiloService<T>() where T : notnull => Cluster.Silos[0].ServiceProvider.GetRequiredService<T>();

    public IMailboxGrain Mailbox(MailboxKey key) => Grains.GetGrain<IMailboxGrain>(key.ToGrainKey());

    /// <summary>Connects through the grain: start, the emulator's consent, then completion with the state's nonce.</summary>
    public async Task ConnectAsync(MailboxKey key, string email)
    {
        var start = await Mailbox(key).StartConnectAsync("http://localhost/api/gmail/oauth/callback", returnUrl: null);
        var callback = await Emulator.Control.ConsentAsync(new Uri(start.AuthUrl), email);
        var query = System.Web.HttpUtility.ParseQueryString(callback.Query);
        Assert.True(SiloService<OAuthStateCodec>().TryUnprotect(query["state"], out var stateKey, out var nonce));
        Assert.Equal(key, stateKey);
        var outcome = await Mailbox(key).CompleteConnectAsync(nonce!, query["code"]!);
        Assert.True(outcome.Connected is not null, $"the consent failed: {outcome.Failure}");
    }

    public async Task DisposeAsync()
    {
        await Cluster.DisposeAsync();
        await Emulator.DisposeAsync();
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // A temp directory left behind is harmless.
        }
    }
}
