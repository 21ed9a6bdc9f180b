using AiCaller.Email.Grains.Health;
using AiCaller.Email.Grains.Hosting;
using AiCaller.Email.Grains.Telemetry;
using AiCaller.Email.Silo;

// A headless silo of the cluster: the mailbox grains and their storage on PostgreSQL, and on its own small HTTP port
// only /healthz and /readyz for orchestrators and /metrics for Prometheus (no key: the port is internal to the cluster).
// The API joins the cluster as an Orleans client (ORLEANS_MODE=client). Its settings file sits beside the program,
// wherever it is started from.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });

var settings = HostSettings.FromConfiguration(builder.Configuration);
if (!settings.UsesPostgres)
{
    throw new StartupRefusedException(
        $"A headless silo joins a cluster on PostgreSQL: set {SettingNames.AsEnvironmentVariable(SettingNames.PostgresConnectionString)} or "
        + $"{SettingNames.DatabaseUrl}. For one machine without PostgreSQL, run the API alone: dotnet run --project src/AiCaller.Email.Api");
}

if (string.IsNullOrWhiteSpace(builder.Configuration["urls"]))
{
    builder.WebHost.UseUrls(SiloDefaults.HealthUrls);
}

builder.Logging.LeaveOutStartupNoise();
builder.Services.AddEmailCore(settings, builder.Configuration);
builder.Services.AddProductHealthChecks();
builder.UseOrleans(silo => silo.UseEmailSilo(settings));
builder.AddEmailTelemetry(SiloDefaults.ServiceName);

var app = builder.Build();
app.MapProductHealthEndpoints();
app.MapMetricsEndpoint();
app.PrintBannerWhenStarted();
app.Run();
