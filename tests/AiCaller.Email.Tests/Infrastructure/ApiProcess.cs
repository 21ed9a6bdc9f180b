namespace AiCaller.Email.Tests.Infrastructure;

/// <summary>
/// The API as its own operating-system process on a loopback port, as `dotnet run` starts it — so that a test
/// can kill it without warning (SIGKILL) and start it again on the same data directory or database.
/// </summary>
public sealed class ApiProcess : IAsyncDisposable
{
    private readonly HostProcess _host;

    private ApiProcess(HostProcess host, Uri baseUrl)
    {
        _host = host;
        BaseUrl = baseUrl;
    }

    public Uri BaseUrl { get; }

    /// <summary>The last lines the process wrote, for a failure message.</summary>
    public string OutputTail => _host.OutputTail;

    /// <summary>Everything the process wrote.</summary>
    public IReadOnlyCollection<string> Output => _host.Output;

    /// <summary>
    /// Starts the API from the test's output directory. It gets silo and gateway ports of its own unless
    /// <paramref name="settings"/> name them, and its own URL as PUBLIC_BASE_URL unless they name one (a browser follows
    /// redirects there); its settings otherwise come from <paramref name="settings"/> alone.
    /// </summary>
    public static async Task<ApiProcess> StartAsync(IReadOnlyDictionary<string, string?> settings, string workingDirectory, string name = "api")
    {
        var baseUrl = new Uri($"http://127.0.0.1:{FreePort.Next()}");
        var environment = new Dictionary<string, string?>
        {
            ["ASPNETCORE_URLS"] = baseUrl.ToString().TrimEnd('/'),
            ["ORLEANS_SILO_PORT"] = FreePort.Next().ToString(),
            ["ORLEANS_GATEWAY_PORT"] = FreePort.Next().ToString(),
            ["PUBLIC_BASE_URL"] = baseUrl.ToString().TrimEnd('/'),
        };
        foreach (var (key, value) in settings)
        {
            environment[key] = value;
        }

        var host = await HostProcess.StartAsync(
            name, Path.Combine(AppContext.BaseDirectory, "AiCaller.Email.Api.dll"), environment, workingDirectory, new Uri(baseUrl, "/readyz"));
        return new ApiProcess(host, baseUrl);
    }

    /// <summary>Waits until the process has written a line containing <paramref name="text"/>.</summary>
    public Task WaitForOutputAsync(string text) => _host.WaitForOutputAsync(text);

    public HttpClient Client() => new(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = BaseUrl };

    /// <summary>SIGKILL: no shutdown, no grain deactivation, no flush.</summary>
    public Task KillAsync() => _host.KillAsync();

    public ValueTask DisposeAsync() => _host.DisposeAsync();
}
