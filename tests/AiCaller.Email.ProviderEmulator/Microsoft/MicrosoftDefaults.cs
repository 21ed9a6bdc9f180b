using AiCaller.Email.ProviderEmulator.Google;

namespace AiCaller.Email.ProviderEmulator.Microsoft;

/// <summary>What the emulated Microsoft identity platform starts with and returns to after a reset.</summary>
public static class MicrosoftDefaults
{
    /// <summary>A GUID, because MSAL refuses client ids that are not.</summary>
    public const string ClientId = "00000000-0000-0000-0000-00000000e1e1";
    public const string ClientSecret = "emulator-ms-secret";
    public const string AppName = "AiCaller Email (emulator)";
    public const string UserEmail = "user@contoso.com";
    public const int AccessTokenLifetimeSeconds = 3599;

    /// <summary>The work-or-school tenant every user belongs to unless made a personal account.</summary>
    public const string OrganizationTenantId = "e1e1c0de-5a5a-4b4b-9c9c-0123456789ab";

    /// <summary>Microsoft's real tenant id for personal (MSA) accounts: outlook.com, hotmail.com.</summary>
    public const string ConsumersTenantId = "9188040d-6c67-4c5b-b112-36a304b66dad";

    /// <summary>Microsoft Graph's application id, the audience of Graph access tokens.</summary>
    public const string GraphAppId = "00000003-0000-0000-c000-000000000000";

    public static readonly TimeSpan CodeLifetime = TimeSpan.FromMinutes(10);

    public static OAuthClient Client => new(ClientId, ClientSecret, AppName);
}
