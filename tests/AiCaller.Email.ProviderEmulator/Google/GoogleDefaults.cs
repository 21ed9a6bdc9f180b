namespace AiCaller.Email.ProviderEmulator.Google;

/// <summary>What the emulator starts with and returns to after a reset.</summary>
public static class GoogleDefaults
{
    public const string ClientId = "emulator-client.apps.googleusercontent.com";
    public const string ClientSecret = "emulator-secret";
    public const string AppName = "AiCaller Email (emulator)";
    public const string UserEmail = "user@example.com";
    public const int AccessTokenLifetimeSeconds = 3599;

    public static readonly TimeSpan CodeLifetime = TimeSpan.FromMinutes(10);

    public static OAuthClient Client => new(ClientId, ClientSecret, AppName);
}
