namespace AiCaller.Email.ProviderEmulator.Google;

/// <summary>An OAuth client registered with the emulated Google identity platform.</summary>
public sealed record OAuthClient(string ClientId, string ClientSecret, string AppName);
