using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;

namespace AiCaller.Email.ProviderEmulator.Microsoft;

/// <summary>
/// The JWTs and token strings Entra ID hands out. The id_token is unsigned (<c>alg: none</c>): MSAL reads its claims
/// without checking a signature. Access tokens look like Graph's (a JWT with a meaningless signature), so a product
/// that treats them as opaque strings, as it must, cannot tell the difference.
/// </summary>
public static class MicrosoftJwts
{
    public static string IdToken(MicrosoftUser user, string clientId, DateTimeOffset now, int lifetimeSeconds)
    {
        var claims = new Dictionary<string, object>
        {
            ["aud"] = clientId,
            ["iss"] = $"https://login.microsoftonline.com/{user.TenantId}/v2.0",
            ["iat"] = now.ToUnixTimeSeconds(),
            ["nbf"] = now.ToUnixTimeSeconds(),
            ["exp"] = now.AddSeconds(lifetimeSeconds).ToUnixTimeSeconds(),
            ["name"] = user.DisplayName,
            ["oid"] = user.ObjectId,
            ["preferred_username"] = user.Email,
            ["rh"] = "0.emulator.",
            ["sub"] = Subject(user, clientId),
            ["tid"] = user.TenantId,
            ["uti"] = Random(16),
            ["ver"] = "2.0",
        };
        return $"{Encode(new { typ = "JWT", alg = "none" })}.{Encode(claims)}.";
    }

    public static string AccessToken(MicrosoftUser user, string clientId, IEnumerable<string> permissions, DateTimeOffset now, int lifetimeSeconds)
    {
        var header = new { typ = "JWT", nonce = Random(32), alg = "RS256", x5t = "emulator", kid = "emulator" };
        var claims = new Dictionary<string, object>
        {
            ["aud"] = MicrosoftDefaults.GraphAppId,
            ["iss"] = $"https://sts.windows.net/{user.TenantId}/",
            ["iat"] = now.ToUnixTimeSeconds(),
            ["nbf"] = now.ToUnixTimeSeconds(),
            ["exp"] = now.AddSeconds(lifetimeSeconds).ToUnixTimeSeconds(),
            ["appid"] = clientId,
            ["name"] = user.DisplayName,
            ["oid"] = user.ObjectId,
            ["scp"] = string.Join(' ', permissions.Append("profile").Append("openid").Append("email")),
            ["tid"] = user.TenantId,
            ["unique_name"] = user.Email,
            ["upn"] = user.Email,
            ["uti"] = Random(16),
            ["ver"] = "1.0",
        };
        return $"{Encode(header)}.{Encode(claims)}.{Random(256)}";
    }

    /// <summary>base64url of <c>{"uid":oid,"utid":tid}</c>: MSAL's home account id comes from it.</summary>
    public static string ClientInfo(MicrosoftUser user) =>
        WebEncoders.Base64UrlEncode(JsonSerializer.SerializeToUtf8Bytes(new { uid = user.ObjectId, utid = user.TenantId }));

    public static string Code() => "1.AXkAemu" + Random(300);

    public static string RefreshToken() => "1.AXkAemu" + Random(600);

    /// <summary>Pairwise, as Entra ID's <c>sub</c> is: the same user has a different subject in each app.</summary>
    private static string Subject(MicrosoftUser user, string clientId) =>
        WebEncoders.Base64UrlEncode(SHA256.HashData(Encoding.UTF8.GetBytes($"{user.ObjectId}|{clientId}")));

    private static string Encode(object value) => WebEncoders.Base64UrlEncode(JsonSerializer.SerializeToUtf8Bytes(value));

    private static string Random(int bytes) => WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(bytes));
}
