using AiCaller.Email.Api.Auth;
using AiCaller.Email.Grains.Hosting;
using AiCaller.Email.Grains.Providers;
using AiCaller.Email.Grains.Telemetry;

namespace AiCaller.Email.Api.Hosting;

/// <summary>Once the API listens, one short banner: where to go, where the data is, what is configured, who may call.</summary>
public static class ApiStartupBanner
{
    public static WebApplication PrintBannerWhenStarted(this WebApplication app)
    {
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var services = app.Services;
            var settings = services.GetRequiredService<HostSettings>();
            var keys = services.GetRequiredService<ApiKeyRegistry>();
            var site = settings.PublicBaseUrl.AbsoluteUri.TrimEnd('/');
            var banner = new StartupBanner("AiCaller.Email is ready.")
                .Add("Connect page", $"{site}/")
                .Add("API docs", $"{site}/docs")
                .Add("Dashboard", $"{site}{EmailDashboard.RoutePrefix}/")
                .Add("Metrics", $"{site}{TelemetryHosting.MetricsPath}; {TelemetryHosting.DescribeOtlpExport(app.Configuration)}")
                .Add("Listening on", string.Join(", ", app.Urls))
                .Add("Orleans", settings.Mode == OrleansMode.Client
                    ? $"client of cluster '{settings.ClusterId}'"
                    : settings.UsesPostgres ? $"silo of cluster '{settings.ClusterId}', in this process" : "one silo, in this process")
                .AddStorageAndProviders(settings, app.Configuration, services.GetService<MailProviderCatalog>())
                .Add("Access", keys.IsOpen
                    ? $"open: no API keys, so every local caller is tenant 'default'; set {SettingNames.ApiKeys} to require keys"
                    : $"API keys of {keys.TenantCount} tenant(s)");
            services.GetRequiredService<ILoggerFactory>().CreateLogger("AiCaller.Email").LogInformation("{Banner}", banner);
        });
        return app;
    }
}
