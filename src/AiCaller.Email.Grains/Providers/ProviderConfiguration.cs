namespace AiCaller.Email.Grains.Providers;

/// <summary>Whether a provider's app credentials are usable, and if not, the seed's message saying why.</summary>
public sealed record ProviderConfiguration(bool IsConfigured, string? Problem)
{
    public static ProviderConfiguration Configured { get; } = new(true, null);

    public static ProviderConfiguration Missing(string problem) => new(false, problem);
}
