using System.Diagnostics;
using System.Globalization;

namespace AiCaller.Email.Benchmarks.Measurement;

/// <summary>
/// Runs wrk against one address: 2 threads (one when there is one connection: wrk needs a connection per thread),
/// the given connections and seconds, with a Lua script written into the run's directory.
/// </summary>
public sealed class WrkRunner(string scriptDirectory)
{
    public const int Threads = 2;

    private int _scripts;

    public static int ThreadsFor(int connections) => Math.Min(Threads, connections);

    /// <summary>"wrk 4.1.0 [epoll]", as the program says of itself.</summary>
    public static string Version()
    {
        var start = new ProcessStartInfo("wrk", "-v") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        using var process = Process.Start(start)!;
        var text = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        var line = text.Split('\n').FirstOrDefault(l => l.StartsWith("wrk", StringComparison.Ordinal)) ?? "wrk (version unknown)";
        var copyright = line.IndexOf(" Copyright", StringComparison.Ordinal);
        return (copyright > 0 ? line[..copyright] : line).Trim();
    }

    public async Task<WrkResult> RunAsync(string title, Uri target, IReadOnlyList<HttpCall> calls, int connections, int seconds, CancellationToken ct)
    {
        var script = Path.Combine(scriptDirectory, $"cell-{Interlocked.Increment(ref _scripts):D3}.lua");
        await File.WriteAllTextAsync(script, WrkScript.For(title, calls), ct);

        var start = new ProcessStartInfo("wrk") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[]
        {
            "-t", ThreadsFor(connections).ToString(CultureInfo.InvariantCulture),
            "-c", connections.ToString(CultureInfo.InvariantCulture),
            "-d", $"{seconds}s",
            "--timeout", "5s",
            "--latency",
            "-s", script,
            target.ToString().TrimEnd('/'),
        })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("wrk did not start");
        var error = process.StandardError.ReadToEndAsync(CancellationToken.None);
        var output = await process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        try
        {
            await process.WaitForExitAsync(ct);
        }
        catch (OperationCanceledException)
        {
            process.Kill();
            throw;
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"wrk exited with {process.ExitCode} on {title}: {await error}{output}");
        }

        return WrkResult.Parse(output);
    }
}
