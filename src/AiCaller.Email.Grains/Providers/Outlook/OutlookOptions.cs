namespace AiCaller.Email.Grains.Providers.Outlook;

/// <summary>Outlook settings, from the seed's environment variables (see Hosting/EnvironmentSettings).</summary>
public sealed class OutlookOptions
{
    public const string DefaultAuthorityHost = "https://login.microsoftonline.com";

    public string? ClientSecretsFile { get; set; }

    public string? ClientSecretsJson { get; set; }

    public string TokenFile { get; set; } = "secrets/outlook_token.json";

    /// <summary>Extra delegated scopes beyond the minimum, e.g. Mail.ReadWrite (space or comma separated).</summary>
    public string? ExtraScopes { get; set; }

    /// <summary>Where every request MSAL would send to login.microsoftonline.com goes instead (path kept).</summary>
    public string AuthorityHost { get; set; } = DefaultAuthorityHost;

    public string GraphBaseUrl { get; set; } = "https://graph.microsoft.com/v1.0";
}
