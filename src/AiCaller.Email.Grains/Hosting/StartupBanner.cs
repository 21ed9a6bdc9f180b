using AiCaller.Email.Grains.Mailboxes;
using AiCaller.Email.Grains.Providers;
using Microsoft.Extensions.Configuration;

namespace AiCaller.Email.Grains.Hosting;

/// <summary>
/// The few lines a host prints once it is ready: where to go, where the data is, what is configured and what is not,
/// each with what to set when it is missing. The API and the headless silo add their own lines.
/// </summary>
public sealed class StartupBanner(string title)
{
    private readonly List<(string Label, string Value)> _lines = [];

    public StartupBanner Add(string label, string value)
    {
        _lines.Add((label, value));
        return this;
    }

    /// <summary>Data location, the key ring's protection and each provider's configuration (on a host that runs a silo).</summary>
    public StartupBanner AddStorageAndProviders(HostSettings settings, IConfiguration configuration, MailProviderCatalog? providers)
    {
        Add("Data", settings.UsesPostgres
            ? $"PostgreSQL, service '{settings.ServiceId}', cluster '{settings.ClusterId}'"
            : $"{Path.Combine(settings.DataDirectory, Storage.Sqlite.SqliteDatabase.FileName)} (SQLite)");
        Add("Key ring", string.IsNullOrWhiteSpace(configuration[SettingNames.DataProtectionCertificateFile])
            ? $"stored unencrypted beside the tokens it protects; set {SettingNames.DataProtectionCertificateFile} to encrypt it (README, Storage)"
            : $"encrypted with the certificate in {SettingNames.DataProtectionCertificateFile}");
        if (providers is null)
        {
            return Add("Providers", "configured on the cluster's silos");
        }

        foreach (var provider in providers.Names.Order())
        {
            var configured = providers.ConfigurationOf(provider);
            Add(provider.ToDisplayName(), configured.IsConfigured
                ? "configured"
                : $"not configured: {configured.Problem}; set {SecretsSettingsOf(provider)}");
        }

        return this;
    }

    public override string ToString()
    {
        var width = _lines.Count == 0 ? 0 : _lines.Max(l => l.Label.Length) + 2;
        return string.Join(Environment.NewLine, _lines.Select(l => $"  {l.Label.PadRight(width)}{l.Value}").Prepend(title));
    }

    private static string SecretsSettingsOf(ProviderName provider) => provider switch
    {
        ProviderName.Gmail => $"{SettingNames.GmailClientSecretsFile} or {SettingNames.GmailClientSecretsJson}",
        _ => $"{SettingNames.OutlookClientSecretsFile} or {SettingNames.OutlookClientSecretsJson}",
    };
}
