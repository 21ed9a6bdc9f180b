using System.Diagnostics;
using System.Globalization;

namespace AiCaller.Email.Benchmarks.Hosting;

/// <summary>
/// Stops a process this benchmark started if the benchmark dies without doing so (killed, or crashed): a shell in a
/// session of its own, so that killing the benchmark's tree spares it, polls both and sends the orphan SIGTERM, which
/// nginx and the API both take as "shut down" (nginx's workers go with its master), then SIGKILL.
/// </summary>
public static class OrphanGuard
{
    private const string Script = """
        exec </dev/null >/dev/null 2>&1
        owner=$1 child=$2
        while [ -d "/proc/$owner" ]; do
          [ -d "/proc/$child" ] || exit 0
          sleep 1
        done
        kill -TERM "$child"
        sleep 5
        kill -KILL "$child"
        """;

    public static void Watch(Process child)
    {
        var start = new ProcessStartInfo("setsid") { UseShellExecute = false };
        foreach (var argument in new[]
        {
            "--fork", "sh", "-c", Script, "aicaller-bench-guard",
            Environment.ProcessId.ToString(CultureInfo.InvariantCulture), child.Id.ToString(CultureInfo.InvariantCulture),
        })
        {
            start.ArgumentList.Add(argument);
        }

        using var guard = Process.Start(start);
        guard?.WaitForExit();
    }
}
