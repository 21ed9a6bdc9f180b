using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;

namespace AiCaller.Email.ProviderEmulator.Google;

/// <summary>
/// An id_token with Google's claims but a meaningless signature: enough for code that reads the claims,
/// deliberately useless to code that validates against Google's certificates.
/// </summary>
public static class IdTokens
{
    public static string Create(string email, string clientId, DateTimeOffset now, int lifetimeSeconds)
    {
        var header = new { alg = "RS256", kid = "emulator", typ = "JWT" };
        var claims = new Dictionary<string, object>
        {
            ["iss"] = "https://accounts.google.com",
            ["azp"] = clientId,
            ["aud"] = clientId,
            ["sub"] = Subject(email),
            ["email"] = email,
            ["email_verified"] = true,
            ["iat"] = now.ToUnixTimeSeconds(),
            ["exp"] = now.AddSeconds(lifetimeSeconds).ToUnixTimeSeconds(),
        };
        return $"{Encode(header)}.{Encode(claims)}.{WebEncoders.Base64UrlEncode(Encoding.ASCII.GetBytes("emulator-unsigned"))}";
    }

    /// <summary>A stable numeric subject per email, like Google's 21-digit account ids.</summary>
    public static string Subject(string email)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(email.ToLowerInvariant()));
        return "1" + (BitConverter.ToUInt64(hash) % 100_000_000_000_000_000_000m).ToString("00000000000000000000");
    }

    private static string Encode(object value) => WebEncoders.Base64UrlEncode(JsonSerializer.SerializeToUtf8Bytes(value));
}
