namespace AiCaller.Email.Grains.Hosting;

/// <summary>
/// Every environment variable the product reads, in one place: the code reads them through these names, and the
/// deployment files (docker-compose.yml) are checked against them.
/// </summary>
public static class SettingNames
{
    // The seed's variables.
    public const string GmailClientSecretsFile = "GMAIL_OAUTH_CLIENT_SECRETS_FILE";
    public const string GmailClientSecretsJson = "GMAIL_OAUTH_CLIENT_SECRETS_JSON";
    public const string GmailTokenFile = "GMAIL_OAUTH_TOKEN_FILE";
    public const string OutlookClientSecretsFile = "OUTLOOK_OAUTH_CLIENT_SECRETS_FILE";
    public const string OutlookClientSecretsJson = "OUTLOOK_OAUTH_CLIENT_SECRETS_JSON";
    public const string OutlookTokenFile = "OUTLOOK_OAUTH_TOKEN_FILE";
    public const string OutlookScopes = "OUTLOOK_OAUTH_SCOPES";

    // Where the providers are.
    public const string GoogleRevokeUrl = "GOOGLE_REVOKE_URL";
    public const string GmailApiBaseUrl = "GMAIL_API_BASE_URL";
    public const string OutlookAuthorityHost = "OUTLOOK_AUTHORITY_HOST";
    public const string GraphApiBaseUrl = "GRAPH_API_BASE_URL";

    // The host.
    public const string PublicBaseUrl = "PUBLIC_BASE_URL";
    public const string ApiKeys = "API_KEYS";
    public const string DataDirectory = "DATA_DIR";
    public const string DataProtectionCertificateFile = "DATA_PROTECTION_CERTIFICATE_FILE";
    public const string DataProtectionCertificatePassword = "DATA_PROTECTION_CERTIFICATE_PASSWORD";
    public const string MaxRequestBodyBytes = "MAX_REQUEST_BODY_BYTES";
    public const string MaxMailboxesPerTenant = "MAX_MAILBOXES_PER_TENANT";
    public const string RateLimitPerTenant = "RATE_LIMIT_PER_TENANT";
    public const string RateLimitPerAddress = "RATE_LIMIT_PER_ADDRESS";
    public const string MailboxMaxConcurrentCalls = "MAILBOX_MAX_CONCURRENT_CALLS";
    public const string TokenRefreshLeadSeconds = "TOKEN_REFRESH_LEAD_SECONDS";
    public const string TokenRefreshJitterSeconds = "TOKEN_REFRESH_JITTER_SECONDS";
    public const string TokenKeepAliveSeconds = "TOKEN_KEEPALIVE_SECONDS";
    public const string SendSettleSeconds = "SEND_SETTLE_SECONDS";
    public const string ProviderRetryMaxAttempts = "PROVIDER_RETRY_MAX_ATTEMPTS";
    public const string ProviderRetryBaseDelayMs = "PROVIDER_RETRY_BASE_DELAY_MS";
    public const string ProviderRetryMaxRetryAfterSeconds = "PROVIDER_RETRY_MAX_RETRY_AFTER_SECONDS";

    // Connect links and the return of a browser to where its consent began.
    public const string ConnectLinkMinutes = "CONNECT_LINK_MINUTES";
    public const string ConnectLinkReturnUrls = "CONNECT_LINK_RETURN_URLS";

    // Storage and the cluster.
    public const string PostgresConnectionString = "ConnectionStrings:Postgres";
    public const string DatabaseUrl = "DATABASE_URL";
    public const string OrleansMode = "ORLEANS_MODE";
    public const string OrleansClusterId = "ORLEANS_CLUSTER_ID";
    public const string OrleansServiceId = "ORLEANS_SERVICE_ID";
    public const string OrleansSiloPort = "ORLEANS_SILO_PORT";
    public const string OrleansGatewayPort = "ORLEANS_GATEWAY_PORT";
    public const string OrleansAdvertisedIp = "ORLEANS_ADVERTISED_IP";
    public const string OrleansTlsCertificateFile = "ORLEANS_TLS_CERTIFICATE_FILE";
    public const string OrleansTlsCertificatePassword = "ORLEANS_TLS_CERTIFICATE_PASSWORD";

    // Telemetry: the standard OpenTelemetry variable; set, it turns on OTLP export of metrics, traces and logs.
    public const string OtlpEndpoint = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>How a configuration key is written as an environment variable (':' becomes '__').</summary>
    public static string AsEnvironmentVariable(string key) => key.Replace(":", "__", StringComparison.Ordinal);
}
