using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace AiCaller.Email.Benchmarks.Hosting;

/// <summary>
/// The API host as its own operating-system process on a loopback port, started with <c>dotnet</c> from this project's
/// Release output as <c>dotnet run</c> would start it: an embedded silo, Kestrel, the settings it is given as
/// environment variables and nothing else in the process. Its output is kept for the report.
/// </summary>
public sealed class ApiProcess : IAsyncDisposable
{
    private const string Assembly = "AiCaller.Email.Api.dll";
    private static readonly TimeSpan ReadyWithin = TimeSpan.FromMinutes(2);

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private ApiProcess(Process process, Uri baseUrl)
    {
        _process = process;
        BaseUrl = baseUrl;
    }

    public Uri BaseUrl { get; }

    /// <summary>The processor time the API process has used so far (user and system, all threads).</summary>
    public TimeSpan ProcessorTime
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    public IReadOnlyCollection<string> Output => _output.ToArray();

    /// <summary>"server" or "workstation", as the API's own runtimeconfig.json asks (it is what a deployment runs with).</summary>
    public static string GarbageCollector()
    {
        var config = Path.Combine(AppContext.BaseDirectory, "AiCaller.Email.Api.runtimeconfig.json");
        if (!File.Exists(config))
        {
            return "unknown";
        }

        using var document = JsonDocument.Parse(File.ReadAllText(config));
        return document.RootElement.TryGetProperty("runtimeOptions", out var runtime)
            && runtime.TryGetProperty("configProperties", out var properties)
            && properties.TryGetProperty("System.GC.Server", out var server) && server.GetBoolean()
            ? "server"
            : "workstation";
    }

    /// <summary>Starts the host with <paramref name="settings"/> as its environment and returns once /readyz answers 200.</summary>
    public static async Task<ApiProcess> StartAsync(Uri baseUrl, IReadOnlyDictionary<string, string?> settings, string workingDirectory)
    {
        var assembly = Path.Combine(AppContext.BaseDirectory, Assembly);
        if (!File.Exists(assembly))
        {
            throw new InvalidOperationException($"{assembly} does not exist: build the benchmark project first.");
        }

        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(assembly);
        start.Environment["ASPNETCORE_URLS"] = baseUrl.ToString().TrimEnd('/');
        foreach (var (key, value) in settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start the API");
        var api = new ApiProcess(process, baseUrl);
        process.OutputDataReceived += (_, line) => api.Collect(line.Data);
        process.ErrorDataReceived += (_, line) => api.Collect(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        OrphanGuard.Watch(process);
        try
        {
            await api.WaitUntilReadyAsync();
            return api;
        }
        catch
        {
            await api.DisposeAsync();
            throw;
        }
    }

    public string OutputTail(int lines = 30) => string.Join(Environment.NewLine, _output.TakeLast(lines));

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
        _process.Dispose();
    }

    private async Task WaitUntilReadyAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < ReadyWithin)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"the API exited with {_process.ExitCode} before it was ready:{Environment.NewLine}{OutputTail()}");
            }

            try
            {
                using var ready = await http.GetAsync(new Uri(BaseUrl, "/readyz"));
                if (ready.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet.
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"the API was not ready within {ReadyWithin.TotalSeconds:0} s:{Environment.NewLine}{OutputTail()}");
    }

    private void Collect(string? line)
    {
        if (line is not null)
        {
            _output.Enqueue($"{DateTime.Now.ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture)} {line}");
        }
    }
}
