using AiCaller.Email.Grains.Hosting;
using AiCaller.Email.Grains.Providers;
using AiCaller.Email.Grains.Telemetry;

namespace AiCaller.Email.Silo;

/// <summary>Once the silo runs, one short banner: its health endpoints, its cluster, its data and its providers.</summary>
internal static class SiloStartupBanner
{
    public static WebApplication PrintBannerWhenStarted(this WebApplication app)
    {
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var settings = app.Services.GetRequiredService<HostSettings>();
            var banner = new StartupBanner("AiCaller.Email silo is ready.")
                .Add("Health", string.Join(", ", app.Urls.Select(url => $"{url}/readyz")))
                .Add("Metrics", $"{string.Join(", ", app.Urls.Select(url => $"{url}{TelemetryHosting.MetricsPath}"))}; {TelemetryHosting.DescribeOtlpExport(app.Configuration)}")
                .Add("Orleans", $"silo of cluster '{settings.ClusterId}', silo port {settings.SiloPort}, gateway port {settings.GatewayPort}")
                .AddStorageAndProviders(settings, app.Configuration, app.Services.GetRequiredService<MailProviderCatalog>());
            app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("AiCaller.Email").LogInformation("{Banner}", banner);
        });
        return app;
    }
}
