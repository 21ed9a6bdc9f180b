using System.Collections.Concurrent;
using System.Diagnostics;

namespace AiCaller.Email.Tests.Infrastructure;

/// <summary>
/// A headless silo of the product (src/AiCaller.Email.Silo) as its own operating-system process, as `dotnet run`
/// starts it, on free loopback ports. <see cref="Start"/> returns at once, so that several can start together;
/// <see cref="WaitUntilReadyAsync"/> waits for its /readyz.
/// </summary>
public sealed class SiloProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private SiloProcess(IReadOnlyDictionary<string, string?> settings, string workingDirectory)
    {
        SiloPort = FreePort.Next();
        GatewayPort = FreePort.Next();
        HealthUrl = new Uri($"http://127.0.0.1:{FreePort.Next()}");
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(ProgramPath);
        start.Environment["ASPNETCORE_URLS"] = HealthUrl.ToString().TrimEnd('/');
        start.Environment["ORLEANS_SILO_PORT"] = SiloPort.ToString();
        start.Environment["ORLEANS_GATEWAY_PORT"] = GatewayPort.ToString();
        start.Environment["ORLEANS_ADVERTISED_IP"] = "127.0.0.1";
        foreach (var (key, value) in settings)
        {
            start.Environment[key] = value;
        }

        _process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        _process.OutputDataReceived += (_, line) => _output.Enqueue(line.Data ?? string.Empty);
        _process.ErrorDataReceived += (_, line) => _output.Enqueue(line.Data ?? string.Empty);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>
    /// The silo's build output beside this test project's: the solution builds both, in the same configuration. The
    /// tests do not reference the silo project, whose <c>Program</c> would clash with the API's.
    /// </summary>
    public static string ProgramPath
    {
        get
        {
            var testOutput = new DirectoryInfo(AppContext.BaseDirectory);
            var configuration = testOutput.Parent!.Name;
            var root = testOutput;
            while (root is not null && !File.Exists(Path.Combine(root.FullName, "AiCaller.Email.sln")))
            {
                root = root.Parent;
            }

            var program = Path.Combine(
                root?.FullName ?? throw new InvalidOperationException($"no AiCaller.Email.sln above {AppContext.BaseDirectory}"),
                "src", "AiCaller.Email.Silo", "bin", configuration, testOutput.Name, "AiCaller.Email.Silo.dll");
            return File.Exists(program)
                ? program
                : throw new InvalidOperationException($"{program} is missing: build AiCaller.Email.sln (-c {configuration}) first.");
        }
    }

    public int SiloPort { get; }

    public int GatewayPort { get; }

    public Uri HealthUrl { get; }

    /// <summary>The last lines the process wrote, for a failure message.</summary>
    public string OutputTail => string.Join(Environment.NewLine, _output.TakeLast(40));

    public static SiloProcess Start(IReadOnlyDictionary<string, string?> settings, string workingDirectory) => new(settings, workingDirectory);

    /// <summary>Waits until /readyz answers 200: a silo answers and the database takes a write.</summary>
    public async Task WaitUntilReadyAsync(TimeSpan timeout)
    {
        using var http = new HttpClient { BaseAddress = HealthUrl, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTimeOffset.UtcNow + timeout;
        while (DateTimeOffset.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"the silo process exited with {_process.ExitCode}:{Environment.NewLine}{OutputTail}");
            }

            try
            {
                using var response = await http.GetAsync("/readyz");
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // Not listening, or not answering, yet.
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"the silo on port {SiloPort} was not ready after {timeout}:{Environment.NewLine}{OutputTail}");
    }

    /// <summary>SIGKILL: no shutdown, no goodbye in the membership table.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}
