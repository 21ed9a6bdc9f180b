using AiCaller.Email.ProviderEmulator.Control;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace AiCaller.Email.ProviderEmulator;

/// <summary>
/// The emulator on real Kestrel on a loopback port, for tests. <see cref="BaseUrl"/> is the bound address;
/// as a <see cref="Uri"/> with an empty path its string form ends with "/" (e.g. <c>http://127.0.0.1:41234/</c>),
/// so <c>new Uri(BaseUrl, "token")</c> gives the token endpoint.
/// </summary>
public sealed class EmulatorHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly HttpClient _http;

    private EmulatorHost(WebApplication app, Uri baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
        // No redirects: the consent decision's 302 is the answer tests want to read.
        _http = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = baseUrl };
        Control = new EmulatorControlClient(_http);
    }

    public Uri BaseUrl { get; }

    public EmulatorControlClient Control { get; }

    /// <summary>Starts the emulator; the default URL binds a free loopback port.</summary>
    public static async Task<EmulatorHost> StartAsync(string url = "http://127.0.0.1:0", CancellationToken ct = default)
    {
        // Slim and argument-free: a test process's own appsettings or ASPNETCORE_* variables must not reshape the emulator.
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(EmulatorHost).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection();
        builder.WebHost.UseUrls(url);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var app = EmulatorApp.Build(builder);
        await app.StartAsync(ct);

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new EmulatorHost(app, new Uri(address));
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
