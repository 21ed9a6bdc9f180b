namespace AiCaller.Email.Grains.Providers.Resilience;

/// <summary>Limits every provider request shares.</summary>
public static class ProviderRequests
{
    /// <summary>How long one request to a provider may take, retries included; after that it may still have arrived.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(100);
}
