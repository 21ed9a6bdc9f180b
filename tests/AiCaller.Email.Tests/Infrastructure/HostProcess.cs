using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace AiCaller.Email.Tests.Infrastructure;

/// <summary>
/// One of the product's hosts (the API or a headless silo) as an operating-system process started with `dotnet`, as a
/// deployment starts it: ready once its /readyz answers 200, killable without warning (SIGKILL), and able to say what it
/// last wrote when something goes wrong.
/// </summary>
public sealed class HostProcess : IAsyncDisposable
{
    /// <summary>A host on a machine that other test runs keep busy can take long to start; failing later is cheaper than flaking.</summary>
    private static readonly TimeSpan ReadyWithin = TimeSpan.FromMinutes(3);

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private HostProcess(string name, Process process)
    {
        Name = name;
        _process = process;
    }

    public string Name { get; }

    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>Everything the process wrote, each line stamped with the wall-clock time it arrived.</summary>
    public IReadOnlyCollection<string> Output => _output.ToArray();

    /// <summary>The last lines the process wrote, for a failure message.</summary>
    public string OutputTail => $"--- {Name} (pid {ProcessId}), last lines:{Environment.NewLine}{string.Join(Environment.NewLine, _output.TakeLast(40))}";

    /// <summary>Starts `dotnet <paramref name="assemblyPath"/>` and returns once <paramref name="readyUrl"/> answers 200.</summary>
    public static async Task<HostProcess> StartAsync(
        string name, string assemblyPath, IReadOnlyDictionary<string, string?> environment, string workingDirectory, Uri readyUrl)
    {
        if (!File.Exists(assemblyPath))
        {
            throw new InvalidOperationException($"{assemblyPath} does not exist: build the solution first (dotnet build AiCaller.Email.sln).");
        }

        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(assemblyPath);
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"dotnet did not start {name}");
        var host = new HostProcess(name, process);
        process.OutputDataReceived += (_, line) => host.Collect(line.Data);
        process.ErrorDataReceived += (_, line) => host.Collect(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        host.StartOrphanGuard();

        try
        {
            await host.WaitUntilReadyAsync(readyUrl);
            return host;
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }

    /// <summary>SIGKILL to the process and anything it started: no shutdown, no grain deactivation, no goodbye to the cluster.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }

    /// <summary>Waits until the process has written a line containing <paramref name="text"/> (output arrives asynchronously).</summary>
    public async Task WaitForOutputAsync(string text)
    {
        var deadline = Stopwatch.StartNew();
        while (!_output.Any(line => line.Contains(text, StringComparison.Ordinal)))
        {
            if (deadline.Elapsed > ReadyWithin || _process.HasExited)
            {
                throw new TimeoutException($"{Name} did not write '{text}':{Environment.NewLine}{OutputTail}");
            }

            await Task.Delay(50);
        }
    }

    private async Task WaitUntilReadyAsync(Uri readyUrl)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < ReadyWithin)
        {
            if (_process.HasExited)
            {
                // Without a timeout, this also waits for the last lines of its output: those say why it stopped.
                _process.WaitForExit();
                throw new InvalidOperationException($"{Name} exited with {_process.ExitCode} before it was ready:{Environment.NewLine}{OutputTail}");
            }

            try
            {
                using var response = await http.GetAsync(readyUrl);
                if (response.IsSuccessStatusCode)
                {
                    return;
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

        throw new TimeoutException($"{Name} was not ready at {readyUrl} within {ReadyWithin}:{Environment.NewLine}{OutputTail}");
    }

    private void Collect(string? line)
    {
        if (line is not null)
        {
            _output.Enqueue($"{DateTime.Now.ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture)} {line}");
        }
    }

    /// <summary>
    /// Kills the host if this test process dies without doing so (a crash, or vstest ending a run that overstayed): a
    /// shell in a session of its own, so that killing this process's tree spares it, polls both processes.
    /// </summary>
    private void StartOrphanGuard()
    {
        const string guard = """
            exec </dev/null >/dev/null 2>&1
            owner=$1 host=$2
            while [ -d "/proc/$owner" ]; do
              [ -d "/proc/$host" ] || exit 0
              sleep 1
            done
            kill -9 "$host"
            """;
        ChildProcess.Run(
            "/",
            "setsid",
            "--fork", "sh", "-c", guard, "aicaller-host-guard",
            Environment.ProcessId.ToString(CultureInfo.InvariantCulture), _process.Id.ToString(CultureInfo.InvariantCulture));
    }
}
