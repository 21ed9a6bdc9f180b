using System.Diagnostics;

namespace AiCaller.Email.Tests.Infrastructure;

/// <summary>
/// The API as its own operating-system process on a loopback port, as `dotnet run` starts it — so that a test
/// can kill it without warning (SIGKILL) and start it again on the same data directory.
/// </summary>
public sealed class ApiProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _output;

    private ApiProcess(Process process, Uri baseUrl, System.Collections.Concurrent.ConcurrentQueue<string> output)
    {
        _process = process;
        BaseUrl = baseUrl;
        _output = output;
    }

    /// <summary>The last lines the process wrote, for a failure message.</summary>
    public string OutputTail => string.Join(Environment.NewLine, _output.TakeLast(40));

    public Uri BaseUrl { get; }

    public static async Task<ApiProcess> StartAsync(IReadOnlyDictionary<string, string?> settings, string workingDirectory)
    {
        var port = FreePort.Next();
        var baseUrl = new Uri($"http://127.0.0.1:{port}");
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "AiCaller.Email.Api.dll"));
        start.Environment["ASPNETCORE_URLS"] = baseUrl.ToString().TrimEnd('/');
        start.Environment["ORLEANS_SILO_PORT"] = FreePort.Next().ToString();
        start.Environment["ORLEANS_GATEWAY_PORT"] = FreePort.Next().ToString();
        foreach (var (key, value) in settings)
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        var output = new System.Collections.Concurrent.ConcurrentQueue<string>();
        process.OutputDataReceived += (_, line) => output.Enqueue(line.Data ?? string.Empty);
        process.ErrorDataReceived += (_, line) => output.Enqueue(line.Data ?? string.Empty);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var api = new ApiProcess(process, baseUrl, output);
        using var http = new HttpClient { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(5) };
        for (var attempt = 0; attempt < 240; attempt++)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"the API process exited with {process.ExitCode}:{Environment.NewLine}{api.OutputTail}");
            }

            try
            {
                if ((await http.GetAsync("/readyz")).IsSuccessStatusCode)
                {
                    return api;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Not answering yet.
            }

            await Task.Delay(250);
        }

        await api.DisposeAsync();
        throw new TimeoutException($"the API process did not become ready:{Environment.NewLine}{api.OutputTail}");
    }

    public HttpClient Client() => new(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = BaseUrl };

    /// <summary>SIGKILL: no shutdown, no grain deactivation, no flush.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            await KillAsync();
        }

        _process.Dispose();
    }
}
