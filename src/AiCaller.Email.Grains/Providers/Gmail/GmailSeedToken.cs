using System.Globalization;
using System.Text.Json;

namespace AiCaller.Email.Grains.Providers.Gmail;

/// <summary>
/// The seed's token file: Google's authorized-user JSON (<c>token</c>/<c>access_token</c>, <c>refresh_token</c>,
/// <c>expiry</c>/<c>expires_at</c>, <c>scopes</c>), imported once into the default mailbox.
/// </summary>
public static class GmailSeedToken
{
    public static async Task<TokenSet?> ReadAsync(string path, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        var json = await File.ReadAllTextAsync(path, cancellationToken);
        JsonElement root;
        try
        {
            root = JsonDocument.Parse(json).RootElement;
        }
        catch (JsonException e)
        {
            throw new FormatException($"'{path}' is not valid JSON: {e.Message}", e);
        }

        var accessToken = Text(root, "token") ?? Text(root, "access_token");
        var refreshToken = Text(root, "refresh_token");
        if (refreshToken is null && accessToken is null)
        {
            throw new FormatException($"'{path}' has neither a token nor a refresh_token");
        }

        var now = clock.GetUtcNow();
        var expiresAt = ExpiryOf(root) ?? now;
        var scopes = root.TryGetProperty("scopes", out var list) && list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray().Select(s => s.GetString()).OfType<string>().ToArray()
            : Text(root, "scope")?.Split(' ', StringSplitOptions.RemoveEmptyEntries) ?? [];

        // An imported token's issue time is unknown; treat it as issued an hour before expiry (Google's lifetime).
        return new TokenSet(accessToken ?? string.Empty, refreshToken, expiresAt.AddHours(-1), expiresAt, scopes);
    }

    private static DateTimeOffset? ExpiryOf(JsonElement root)
    {
        foreach (var name in new[] { "expiry", "expires_at" })
        {
            if (!root.TryGetProperty(name, out var value))
            {
                continue;
            }

            if (value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var epochSeconds))
            {
                return DateTimeOffset.FromUnixTimeSeconds(epochSeconds);
            }

            if (value.ValueKind == JsonValueKind.String
                && DateTimeOffset.TryParse(value.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
            {
                return parsed;
            }
        }

        return null;
    }

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value)
            && value.ValueKind == JsonValueKind.String && !string.IsNullOrEmpty(value.GetString())
            ? value.GetString()
            : null;
}
