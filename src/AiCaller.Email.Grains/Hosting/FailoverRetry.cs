using System.Reflection;
using Microsoft.Extensions.Logging;
using Orleans.Runtime.Messaging;

namespace AiCaller.Email.Grains.Hosting;

/// <summary>
/// Bridges a silo failure for an Orleans client of the cluster. A call that could not reach any gateway left nothing
/// behind and is sent again; a call marked <see cref="SafeToRetryAttribute"/> is also sent again when its silo went
/// away mid-call (or the call timed out waiting for it). Others (a send) surface the failure, since they may have run.
/// Retries back off for as long as the cluster takes to declare a dead silo dead and activate its grains elsewhere.
/// </summary>
public sealed class FailoverRetry(ILogger<FailoverRetry> logger) : IOutgoingGrainCallFilter
{
    private static readonly TimeSpan[] Backoff =
    [
        TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(250), TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(1),
        TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(5),
    ];

    public async Task Invoke(IOutgoingGrainCallContext context)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await context.Invoke();
                return;
            }
            catch (Exception e) when (attempt < Backoff.Length && MaySendAgain(e, context))
            {
                logger.LogInformation("{Method} failed over ({Reason}); trying again", context.MethodName, e.GetType().Name);
                await Task.Delay(Backoff[attempt]);
            }
        }
    }

    private static bool MaySendAgain(Exception failure, IOutgoingGrainCallContext context) => failure switch
    {
        ConnectionFailedException => true,
        // A call whose silo died under it waits out its timeout before it hears so.
        SiloUnavailableException or OrleansMessageRejectionException or TimeoutException =>
            context.InterfaceMethod?.GetCustomAttribute<SafeToRetryAttribute>() is not null,
        _ => false,
    };
}
