using AiCaller.Email.Grains.Mailboxes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace AiCaller.Email.Tests.Infrastructure;

/// <summary>
/// The real API host (embedded silo, file storage under its own data directory) configured through the
/// same environment-style settings a user sets, pointed at the provider emulator.
/// </summary>
public sealed class EmailHostFactory(
    IReadOnlyDictionary<string, string?> settings, FakeTimeProvider? mailboxClock = null, Action<IServiceCollection>? configureServices = null)
    : WebApplicationFactory<Program>
{
    /// <summary>What the host logged, at the levels its configuration sets.</summary>
    public LogCapture Logs { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }

        builder.UseEnvironment("Production");
        builder.ConfigureLogging(logging => logging.AddProvider(Logs));
        if (mailboxClock is not null)
        {
            builder.ConfigureServices(services =>
                services.AddKeyedSingleton<TimeProvider>(MailboxClock.ServiceKey, mailboxClock));
        }

        if (configureServices is not null)
        {
            builder.ConfigureServices(configureServices);
        }
    }
}
