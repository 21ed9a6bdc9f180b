using System.Text.Json;

namespace AiCaller.Email.ProviderEmulator.Microsoft;

/// <summary>The host's OUTLOOK_OAUTH_CLIENT_SECRETS_JSON for the emulator's registered app.</summary>
public static class OutlookClientSecretsJson
{
    public static string Create() => JsonSerializer.Serialize(new
    {
        client_id = MicrosoftDefaults.ClientId,
        client_secret = MicrosoftDefaults.ClientSecret,
        tenant = "common",
    });
}
