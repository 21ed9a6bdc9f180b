using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace AiCaller.Email.Grains.Hosting;

/// <summary>
/// Warnings at start that nobody can act on are left out, so that what a host says at start is worth reading.
/// (The Data Protection warning about an unencrypted key ring is left out too, in appsettings.json: the banner says
/// it with the setting that fixes it.)
/// </summary>
public static class StartupNoise
{
    private static readonly TimeSpan StartupWindow = TimeSpan.FromMinutes(1);

    public static ILoggingBuilder LeaveOutStartupNoise(this ILoggingBuilder logging)
    {
        var sinceStart = Stopwatch.StartNew();

        // Orleans' watchdog measures its first participant check from a zero timestamp and warns of a stall as long as
        // the machine's uptime; later warnings (a real stall: CPU starvation, a blocked thread) are kept.
        return logging.AddFilter("Orleans.Runtime.Watchdog",
            level => level >= LogLevel.Error || (level >= LogLevel.Warning && sinceStart.Elapsed > StartupWindow));
    }
}
