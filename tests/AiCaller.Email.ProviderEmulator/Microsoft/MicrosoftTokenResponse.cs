using System.Text.Json.Serialization;

namespace AiCaller.Email.ProviderEmulator.Microsoft;

/// <summary>The v2 token endpoint's success body, members in Microsoft's order.</summary>
public sealed record MicrosoftTokenResponse(
    [property: JsonPropertyName("token_type")] string TokenType,
    [property: JsonPropertyName("scope")] string Scope,
    [property: JsonPropertyName("expires_in")] int ExpiresIn,
    [property: JsonPropertyName("ext_expires_in")] int ExtExpiresIn,
    [property: JsonPropertyName("access_token")] string AccessToken,
    [property: JsonPropertyName("refresh_token")] string? RefreshToken,
    [property: JsonPropertyName("id_token")] string? IdToken,
    [property: JsonPropertyName("client_info")] string? ClientInfo);
