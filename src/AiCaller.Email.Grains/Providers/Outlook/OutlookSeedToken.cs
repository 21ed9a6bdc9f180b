using System.Text;
using System.Text.Json;

namespace AiCaller.Email.Grains.Providers.Outlook;

/// <summary>
/// The seed's Outlook token file: either MSAL's serialized cache (what the seed's msal kept) or a plain JSON
/// with a <c>refresh_token</c>. Imported once into the default mailbox, through MSAL either way.
/// </summary>
public static class OutlookSeedToken
{
    public static async Task<TokenSet?> ReadAsync(string path, OutlookOAuth oauth, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        var bytes = await File.ReadAllBytesAsync(path, cancellationToken);
        JsonElement root;
        try
        {
            root = JsonDocument.Parse(bytes).RootElement;
        }
        catch (JsonException e)
        {
            throw new FormatException($"'{path}' is not valid JSON: {e.Message}", e);
        }

        if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("RefreshToken", out _))
        {
            return await oauth.ImportCacheAsync(bytes, cancellationToken);
        }

        if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("refresh_token", out var refreshToken)
            && refreshToken.ValueKind == JsonValueKind.String && !string.IsNullOrEmpty(refreshToken.GetString()))
        {
            return await oauth.ImportRefreshTokenAsync(refreshToken.GetString()!, cancellationToken);
        }

        throw new FormatException($"'{path}' holds neither an MSAL token cache nor a refresh_token ({Encoding.UTF8.GetByteCount(root.GetRawText())} bytes)");
    }
}
