namespace AiCaller.Email.Grains.Providers.Resilience;

/// <summary>How provider REST calls are retried when throttled or failing.</summary>
public sealed class ProviderRetryOptions
{
    public int MaxRetryAttempts { get; set; } = 3;

    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>A Retry-After longer than this is not waited out here: the caller gets 429 with it instead.</summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(20);
}
