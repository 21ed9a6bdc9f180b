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
            o.ClientSecretsFile = c["GMAIL_OAUTH_CLIENT_SECRETS_FILE"];
            o.ClientSecretsJson = c["GMAIL_OAUTH_CLIENT_SECRETS_JSON"];
            o.TokenFile = c["GMAIL_OAUTH_TOKEN_FILE"] ?? o.TokenFile;
            o.RevokeUrl = c["GOOGLE_REVOKE_URL"] ?? o.RevokeUrl;
            o.ApiBaseUrl = c["GMAIL_API_BASE_URL"] ?? o.ApiBaseUrl;
        });

        services.AddOptions<OutlookOptions>().Configure<IConfiguration>((o, c) =>
        {
            o.ClientSecretsFile = c["OUTLOOK_OAUTH_CLIENT_SECRETS_FILE"];
            o.ClientSecretsJson = c["OUTLOOK_OAUTH_CLIENT_SECRETS_JSON"];
            o.TokenFile = c["OUTLOOK_OAUTH_TOKEN_FILE"] ?? o.TokenFile;
            o.ExtraScopes = c["OUTLOOK_OAUTH_SCOPES"];
            o.AuthorityHost = c["OUTLOOK_AUTHORITY_HOST"] ?? o.AuthorityHost;
            o.GraphBaseUrl = c["GRAPH_API_BASE_URL"] ?? o.GraphBaseUrl;
        }).Validate(o => Uri.TryCreate(o.AuthorityHost, UriKind.Absolute, out var u) && u.Scheme is "http" or "https",
            "OUTLOOK_AUTHORITY_HOST must be an absolute http(s) URL")
          .Validate(o => Uri.TryCreate(o.GraphBaseUrl, UriKind.Absolute, out var u) && u.Scheme is "http" or "https",
            "GRAPH_API_BASE_URL must be an absolute http(s) URL")
          .ValidateOnStart();

        services.AddOptions<MailboxOptions>().Configure<IConfiguration>((o, c) =>
        {
            o.MaxConcurrentProviderCalls = Int(c, "MAILBOX_MAX_CONCURRENT_CALLS") ?? o.MaxConcurrentProviderCalls;
            o.RefreshLeadTime = Seconds(c, "TOKEN_REFRESH_LEAD_SECONDS") ?? o.RefreshLeadTime;
            o.RefreshJitter = Seconds(c, "TOKEN_REFRESH_JITTER_SECONDS") ?? o.RefreshJitter;
            o.KeepAlivePeriod = Seconds(c, "TOKEN_KEEPALIVE_SECONDS") ?? o.KeepAlivePeriod;
            o.SendSettleTime = Seconds(c, "SEND_SETTLE_SECONDS") ?? o.SendSettleTime;
            o.MaxMailboxesPerTenant = Int(c, "MAX_MAILBOXES_PER_TENANT") ?? o.MaxMailboxesPerTenant;
        }).ValidateDataAnnotations().Validate<IOptions<ReminderOptions>>(
            (o, reminders) => o.KeepAlivePeriod >= reminders.Value.MinimumReminderPeriod,
            "TOKEN_KEEPALIVE_SECONDS must be at least Orleans' shortest reminder period (60 seconds)").ValidateOnStart();

        services.AddOptions<ProviderRetryOptions>().Configure<IConfiguration>((o, c) =>
        {
            o.MaxRetryAttempts = Int(c, "PROVIDER_RETRY_MAX_ATTEMPTS") ?? o.MaxRetryAttempts;
            o.BaseDelay = Int(c, "PROVIDER_RETRY_BASE_DELAY_MS") is { } ms ? TimeSpan.FromMilliseconds(ms) : o.BaseDelay;
            o.MaxRetryAfter = Seconds(c, "PROVIDER_RETRY_MAX_RETRY_AFTER_SECONDS") ?? o.MaxRetryAfter;
        });

        return services;
    }

    private static int? Int(IConfiguration configuration, string name)
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
        Int(configuration, name) is { } seconds ? TimeSpan.FromSeconds(seconds) : null;
}
