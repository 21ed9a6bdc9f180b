using System.Text.Json;
using System.Text.Json.Serialization;
using AiCaller.Email.ProviderEmulator.Control;
using AiCaller.Email.ProviderEmulator.Faults;
using AiCaller.Email.ProviderEmulator.Gmail;
using AiCaller.Email.ProviderEmulator.Google;
using AiCaller.Email.ProviderEmulator.Graph;
using AiCaller.Email.ProviderEmulator.Microsoft;
using AiCaller.Email.ProviderEmulator.RequestLog;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AiCaller.Email.ProviderEmulator;

/// <summary>Builds the emulator's app; shared by <c>dotnet run</c> (Program.cs) and <see cref="EmulatorHost"/>.</summary>
public static class EmulatorApp
{
    // Above Gmail's 35 MB so the emulator, not Kestrel, decides when a message is too large (base64 adds a third).
    private const long MaxRequestBodyBytes = 64L * 1024 * 1024;

    public static WebApplication Build(WebApplicationBuilder builder)
    {
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<GoogleIdentityStore>();
        builder.Services.AddSingleton<MailStore>();
        builder.Services.AddSingleton<GmailAuthorizer>();
        builder.Services.AddSingleton<GmailRoutes>();
        builder.Services.AddSingleton<MicrosoftIdentityStore>();
        builder.Services.AddSingleton<GraphMailStore>();
        builder.Services.AddSingleton<GraphAuthorizer>();
        builder.Services.AddSingleton<FaultInjector>();
        builder.Services.AddSingleton<RateLimiter>();
        builder.Services.AddSingleton<RequestJournal>();
        builder.Services.AddSingleton<ConcurrencyMeter>();
        builder.Services.ConfigureHttpJsonOptions(options =>
        {
            options.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
            options.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        });
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = MaxRequestBodyBytes);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);

        var app = builder.Build();
        app.UseMiddleware<RequestLogMiddleware>();
        app.UseMiddleware<RateLimitMiddleware>();
        app.UseMiddleware<FaultMiddleware>();
        app.MapGoogleAuthorize();
        app.MapGoogleToken();
        app.MapGoogleRevoke();
        app.MapGmail();
        app.MapMicrosoftAuthorize();
        app.MapMicrosoftToken();
        app.MapMicrosoftDiscovery();
        app.MapGraph();
        app.MapControl();
        app.MapGet("/", () => "AiCaller.Email provider emulator: Google OAuth2 + Gmail v1, Microsoft identity platform v2 + Graph v1.0 mail. "
            + "Control endpoints under /_emulator.")
            .ExcludeFromDescription();
        return app;
    }
}
