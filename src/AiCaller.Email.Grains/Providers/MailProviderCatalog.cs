using System.Diagnostics.CodeAnalysis;
using AiCaller.Email.Grains.Mailboxes;

namespace AiCaller.Email.Grains.Providers;

/// <summary>The registered providers, by name.</summary>
public sealed class MailProviderCatalog(IEnumerable<IMailProvider> providers)
{
    private readonly Dictionary<ProviderName, IMailProvider> _providers = providers.ToDictionary(p => p.Name);

    public IEnumerable<ProviderName> Names => _providers.Keys;

    public bool TryGet(ProviderName name, [NotNullWhen(true)] out IMailProvider? provider) =>
        _providers.TryGetValue(name, out provider);

    public IMailProvider Get(ProviderName name) =>
        TryGet(name, out var provider) ? provider : throw new InvalidOperationException($"No provider {name} is registered.");

    public ProviderConfiguration ConfigurationOf(ProviderName name) =>
        TryGet(name, out var provider)
            ? provider.Configuration
            : ProviderConfiguration.Missing($"{name.ToDisplayName()} is not available in this build");

    /// <summary>The provider, when its configuration allows calls to it; else the not_configured problem.</summary>
    public IMailProvider GetConfigured(ProviderName name)
    {
        ConfigurationOf(name).ThrowIfMissing();
        return Get(name);
    }
}
