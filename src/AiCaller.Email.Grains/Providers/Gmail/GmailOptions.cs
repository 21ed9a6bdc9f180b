namespace AiCaller.Email.Grains.Providers.Gmail;

/// <summary>Gmail settings, from the seed's environment variables (see Hosting/EnvironmentSettings).</summary>
public sealed class GmailOptions
{
    public string? ClientSecretsFile { get; set; }

    public string? ClientSecretsJson { get; set; }

    public string TokenFile { get; set; } = "secrets/gmail_token.json";

    public string RevokeUrl { get; set; } = "https://oauth2.googleapis.com/revoke";

    public string ApiBaseUrl { get; set; } = "https://gmail.googleapis.com";
}
