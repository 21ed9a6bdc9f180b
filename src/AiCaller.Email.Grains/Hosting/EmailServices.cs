using AiCaller.Email.Grains.Mailboxes;
using AiCaller.Email.Grains.Mailboxes.Sends;
using AiCaller.Email.Grains.Providers;
using AiCaller.Email.Grains.Providers.Gmail;
using AiCaller.Email.Grains.Providers.Outlook;
using AiCaller.Email.Grains.Providers.Resilience;
using AiCaller.Email.Grains.Security;
using AiCaller.Email.Grains.Storage;
using AiCaller.Email.Grains.Storage.KeyRing;
using AiCaller.Email.Grains.Telemetry;
using AiCaller.Email.Grains.Tenants;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Polly;

namespace AiCaller.Email.Grains.Hosting;

/// <summary>The services every process of the product needs: options, encryption and the mail providers.</summary>
public static class EmailServices
{
    public static IServiceCollection AddEmailCore(this IServiceCollection services, HostSettings settings, IConfiguration configuration)
    {
        services.AddSingleton(settings);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddKeyedSingleton<TimeProvider>(MailboxClock.ServiceKey, (sp, _) => sp.GetRequiredService<TimeProvider>());
        services.AddEmailOptions();

        services.AddProductDatabase(settings);

        // One key ring for state encryption and OAuth state, kept in the database beside what it encrypts.
        services.AddDataProtection()
            .SetApplicationName("AiCaller.Email")
            .ProtectKeysFromConfiguration(configuration);
        services.AddOptions<KeyManagementOptions>()
            .Configure<IDatabase>((options, database) => options.XmlRepository = new DatabaseXmlRepository(database));

        services.AddSingleton<MailboxDetails>();
        services.AddSingleton<MailboxDirectory>();
        services.AddSingleton<SendRecordStore>();
        services.AddSingleton<OAuthStateCodec>();
        services.AddSingleton<ConnectLinkCodec>();
        services.AddSingleton<EncryptedGrainStorageSerializer>();
        return services;
    }

    public static IServiceCollection AddMailProviders(this IServiceCollection services)
    {
        // The provider clients log nothing of their own (RemoveAllLoggers): HttpClientFactory's trace-level header log
        // masks the Authorization header in its message but hands the bearer token itself to structured sinks (JSON
        // console, OTLP) as a value. Their requests are traced and measured instead (Telemetry/).
        services.AddHttpClient<GmailApiClient>((sp, http) =>
            {
                var options = sp.GetRequiredService<IOptions<GmailOptions>>().Value;
                http.BaseAddress = new Uri(options.ApiBaseUrl.TrimEnd('/') + "/");
                http.Timeout = ProviderRequests.Timeout;
            })
            .RemoveAllLoggers()
            .AddResilienceHandler("gmail", (pipeline, context) =>
                pipeline.AddRetry(ProviderRetryStrategy.Create(
                    context.ServiceProvider.GetRequiredService<IOptions<ProviderRetryOptions>>().Value)));

        services.AddHttpClient(GraphCalls.HttpClientName, http => http.Timeout = ProviderRequests.Timeout)
            // GraphCalls keeps one client for the host's life: connections are renewed instead of the factory's handlers.
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) })
            .RemoveAllLoggers()
            .AddResilienceHandler("graph", (pipeline, context) =>
                pipeline.AddRetry(ProviderRetryStrategy.Create(
                    context.ServiceProvider.GetRequiredService<IOptions<ProviderRetryOptions>>().Value)));
        services.AddSingleton<GraphCalls>();

        // Each provider counted, timed and traced from outside (Telemetry/), the providers themselves unaware of it.
        services.AddMetrics();
        services.AddSingleton<ProviderMetrics>();
        services.AddSingleton<GmailProvider>();
        services.AddSingleton<OutlookProvider>();
        services.AddSingleton<IMailProvider>(InstrumentedMailProvider.Of<GmailProvider>);
        services.AddSingleton<IMailProvider>(InstrumentedMailProvider.Of<OutlookProvider>);
        services.AddSingleton<MailProviderCatalog>();
        return services;
    }
}
