using System.Text.Json;

namespace AiCaller.Email.ProviderEmulator.Google;

/// <summary>A Google "web" client secrets file pointing auth_uri and token_uri at the emulator.</summary>
public static class ClientSecretsJson
{
    public static string For(Uri baseUrl) => JsonSerializer.Serialize(new
    {
        web = new
        {
            client_id = GoogleDefaults.ClientId,
            project_id = "aicaller-emulator",
            auth_uri = new Uri(baseUrl, "o/oauth2/v2/auth").ToString(),
            token_uri = new Uri(baseUrl, "token").ToString(),
            client_secret = GoogleDefaults.ClientSecret,
            redirect_uris = new[] { "http://localhost:8000/api/gmail/oauth/callback" },
        },
    });
}
