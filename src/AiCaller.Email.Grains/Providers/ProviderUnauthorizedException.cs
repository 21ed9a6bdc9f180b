namespace AiCaller.Email.Grains.Providers;

/// <summary>The provider's REST API refused the access token (HTTP 401).</summary>
public sealed class ProviderUnauthorizedException(string message) : Exception(message);
