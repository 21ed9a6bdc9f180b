namespace AiCaller.Email.Grains.Health;

/// <summary>Answers from inside a silo whether it can serve: reachable, and its storage writable.</summary>
[Alias("AiCaller.Email.IReadinessGrain")]
public interface IReadinessGrain : IGrainWithIntegerKey
{
    /// <summary>Null when ready, else what is wrong.</summary>
    [Alias("Probe")]
    [Hosting.SafeToRetry]
    Task<string?> ProbeAsync();
}
