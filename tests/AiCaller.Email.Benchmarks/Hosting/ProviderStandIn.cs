using System.Diagnostics;
using System.Net.Sockets;

namespace AiCaller.Email.Benchmarks.Hosting;

/// <summary>
/// A throwaway nginx that stands in for Gmail and Graph (canned answers on <see cref="Direct"/>) with a plain reverse
/// proxy in front of it (<see cref="Proxy"/>). Its own configuration, pid file, logs and temporary directories live
/// under one directory; it runs in the foreground (<c>daemon off</c>) as this benchmark's child and is stopped at the end.
/// </summary>
public sealed class ProviderStandIn : IAsyncDisposable
{
    private readonly string _prefix;
    private readonly Uri _emulator;
    private readonly Process _process;

    private ProviderStandIn(string prefix, Uri emulator, Process process, int cannedPort, int proxyPort)
    {
        _prefix = prefix;
        _emulator = emulator;
        _process = process;
        Direct = new Uri($"http://127.0.0.1:{cannedPort}");
        Proxy = new Uri($"http://127.0.0.1:{proxyPort}");
    }

    /// <summary>The canned server: the product's GMAIL_API_BASE_URL (and GRAPH_API_BASE_URL with /v1.0).</summary>
    public Uri Direct { get; }

    /// <summary>The reverse proxy in front of the canned server.</summary>
    public Uri Proxy { get; }

    private string ConfigFile => Path.Combine(_prefix, "nginx.conf");

    private string CallsLog => Path.Combine(_prefix, "calls.log");

    /// <summary>Starts nginx with the calls log on, and returns once both servers accept connections.</summary>
    public static async Task<ProviderStandIn> StartAsync(string prefix, Uri emulator)
    {
        Directory.CreateDirectory(Path.Combine(prefix, "temp"));
        CannedAnswers.CopyTo(Path.Combine(prefix, "canned"));
        int cannedPort = FreePort.Next(), proxyPort = FreePort.Next();
        var config = Path.Combine(prefix, "nginx.conf");
        await File.WriteAllTextAsync(config, NginxConfig.Build(prefix, cannedPort, proxyPort, emulator, logCalls: true));

        var start = new ProcessStartInfo("nginx")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // -e: the error log before the configuration is read, so that nothing is written to the system's log directory.
        foreach (var argument in new[] { "-p", prefix, "-e", Path.Combine(prefix, "error.log"), "-c", config })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("nginx did not start");
        OrphanGuard.Watch(process);
        var standIn = new ProviderStandIn(prefix, emulator, process, cannedPort, proxyPort);
        try
        {
            await standIn.WaitUntilListeningAsync();
            return standIn;
        }
        catch
        {
            await standIn.DisposeAsync();
            throw;
        }
    }

    /// <summary>How far the calls log has been written, to read what comes after.</summary>
    public long CallsLogLength => File.Exists(CallsLog) ? new FileInfo(CallsLog).Length : 0;

    /// <summary>The calls logged after <paramref name="offset"/> (see <see cref="CallsLogLength"/>).</summary>
    public async Task<IReadOnlyList<LoggedCall>> CallsSinceAsync(long offset)
    {
        if (!File.Exists(CallsLog))
        {
            return [];
        }

        await using var file = new FileStream(CallsLog, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        file.Seek(offset, SeekOrigin.Begin);
        using var reader = new StreamReader(file);
        var text = await reader.ReadToEndAsync();
        return text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(LoggedCall.Parse).ToList();
    }

    /// <summary>Turns the calls log off for the measurement: a new configuration, and nginx reloads it gracefully.</summary>
    public async Task StopLoggingCallsAsync()
    {
        await File.WriteAllTextAsync(ConfigFile,
            NginxConfig.Build(_prefix, Direct.Port, Proxy.Port, _emulator, logCalls: false));
        await RunNginxAsync("-s", "reload");
        // The reload is asynchronous: new workers start, old ones finish what they have and leave.
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        if (_process.HasExited)
        {
            throw new InvalidOperationException($"nginx exited after the reload: {ErrorLogTail()}");
        }
    }

    /// <summary>"nginx/1.22.1", as the program says of itself.</summary>
    public static string Version()
    {
        var start = new ProcessStartInfo("nginx", "-v") { RedirectStandardError = true, UseShellExecute = false };
        using var process = Process.Start(start)!;
        var text = process.StandardError.ReadToEnd().Trim();
        process.WaitForExit();
        return text.Replace("nginx version: ", string.Empty, StringComparison.Ordinal);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            try
            {
                // SIGTERM through the pid file: the master stops its workers and exits.
                await RunNginxAsync("-s", "stop");
                await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(5));
            }
            catch (Exception e) when (e is InvalidOperationException or TimeoutException)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }

        _process.Dispose();
    }

    private async Task RunNginxAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("nginx") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in new[] { "-p", _prefix, "-e", Path.Combine(_prefix, "error.log"), "-c", ConfigFile }.Concat(arguments))
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"nginx {string.Join(' ', arguments)} exited with {process.ExitCode}: {await error}");
        }
    }

    private async Task WaitUntilListeningAsync()
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(20))
        {
            if (_process.HasExited)
            {
                var stderr = await _process.StandardError.ReadToEndAsync();
                throw new InvalidOperationException($"nginx exited with {_process.ExitCode}: {stderr} {ErrorLogTail()}");
            }

            if (await AcceptsAsync(Direct.Port) && await AcceptsAsync(Proxy.Port))
            {
                return;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"nginx did not listen within 20 s: {ErrorLogTail()}");
    }

    private static async Task<bool> AcceptsAsync(int port)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync("127.0.0.1", port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private string ErrorLogTail()
    {
        var log = Path.Combine(_prefix, "error.log");
        return File.Exists(log) ? string.Join(Environment.NewLine, File.ReadLines(log).TakeLast(10)) : "(no error log)";
    }
}
