using System.Globalization;
using AiCaller.Email.Grains.Mailboxes;
using AiCaller.Email.Grains.Providers.Gmail;
using AiCaller.Email.Grains.Providers.Outlook;
using AiCaller.Email.Grains.Providers.Resilience;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Hosting;

namespace AiCaller.Email.Grains.Hosting;

/// <summary>The one place where the seed's and our environment variables map onto options.</summary>
public static class EnvironmentSettings
{
    public static IServiceCollection AddEmailOptions(this IServiceCollection services)
    {
        services.AddOptions<GmailOptions>().Configure<IConfiguration>((o, c) =>
        {
            o.ClientSecretsFile = c[SettingNames.GmailClientSecretsFile];
            o.ClientSecretsJson = c[SettingNames.GmailClientSecretsJson];
            o.TokenFile = c[SettingNames.GmailTokenFile] ?? o.TokenFile;
            o.RevokeUrl = c[SettingNames.GoogleRevokeUrl] ?? o.RevokeUrl;
            o.ApiBaseUrl = c[SettingNames.GmailApiBaseUrl] ?? o.ApiBaseUrl;
        });

        services.AddOptions<OutlookOptions>().Configure<IConfiguration>((o, c) =>
        {
            o.ClientSecretsFile = c[SettingNames.OutlookClientSecretsFile];
            o.ClientSecretsJson = c[SettingNames.OutlookClientSecretsJson];
            o.TokenFile = c[SettingNames.OutlookTokenFile] ?? o.TokenFile;
            o.ExtraScopes = c[SettingNames.OutlookScopes];
            o.AuthorityHost = c[SettingNames.OutlookAuthorityHost] ?? o.AuthorityHost;
            o.GraphBaseUrl = c[SettingNames.GraphApiBaseUrl] ?? o.GraphBaseUrl;
        }).Validate(o => Uri.TryCreate(o.AuthorityHost, UriKind.Absolute, out var u) && u.Scheme is "http" or "https",
            "OUTLOOK_AUTHORITY_HOST must be an absolute http(s) URL")
          .Validate(o => Uri.TryCreate(o.GraphBaseUrl, UriKind.Absolute, out var u) && u.Scheme is "http" or "https",
            "GRAPH_API_BASE_URL must be an absolute http(s) URL")
          .ValidateOnStart();

        services.AddOptions<MailboxOptions>().Configure<IConfiguration>((o, c) =>
        {
            o.MaxConcurrentProviderCalls = WholeNumber(c, SettingNames.MailboxMaxConcurrentCalls) ?? o.MaxConcurrentProviderCalls;
            o.RefreshLeadTime = Seconds(c, SettingNames.TokenRefreshLeadSeconds) ?? o.RefreshLeadTime;
            o.RefreshJitter = Seconds(c, SettingNames.TokenRefreshJitterSeconds) ?? o.RefreshJitter;
            o.KeepAlivePeriod = Seconds(c, SettingNames.TokenKeepAliveSeconds) ?? o.KeepAlivePeriod;
            o.SendSettleTime = Seconds(c, SettingNames.SendSettleSeconds) ?? o.SendSettleTime;
            o.MaxMailboxesPerTenant = WholeNumber(c, SettingNames.MaxMailboxesPerTenant) ?? o.MaxMailboxesPerTenant;
        }).ValidateDataAnnotations().Validate<IOptions<ReminderOptions>>(
            (o, reminders) => o.KeepAlivePeriod >= reminders.Value.MinimumReminderPeriod,
            "TOKEN_KEEPALIVE_SECONDS must be at least Orleans' shortest reminder period (60 seconds)").ValidateOnStart();

        services.AddOptions<ProviderRetryOptions>().Configure<IConfiguration>((o, c) =>
        {
            o.MaxRetryAttempts = WholeNumber(c, SettingNames.ProviderRetryMaxAttempts) ?? o.MaxRetryAttempts;
            o.BaseDelay = WholeNumber(c, SettingNames.ProviderRetryBaseDelayMs) is { } ms ? TimeSpan.FromMilliseconds(ms) : o.BaseDelay;
            o.MaxRetryAfter = Seconds(c, SettingNames.ProviderRetryMaxRetryAfterSeconds) ?? o.MaxRetryAfter;
        });

        return services;
    }

    /// <summary>A setting that must be a whole number of zero or more; null when it is not set.</summary>
    /// <exception cref="InvalidOperationException">It is set to something else.</exception>
    public static int? WholeNumber(IConfiguration configuration, string name)
    {
        var text = configuration[name];
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= 0
            ? value
            : throw new InvalidOperationException($"{name} '{text}' is not a whole number.");
    }

    private static TimeSpan? Seconds(IConfiguration configuration, string name) =>
        WholeNumber(configuration, name) is { } seconds ? TimeSpan.FromSeconds(seconds) : null;
}
