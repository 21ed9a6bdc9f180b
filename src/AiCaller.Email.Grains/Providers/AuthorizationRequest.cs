namespace AiCaller.Email.Grains.Providers;

/// <summary>A provider's consent URL and the PKCE verifier that must accompany the code exchange.</summary>
public sealed record AuthorizationRequest(string Url, string CodeVerifier);
