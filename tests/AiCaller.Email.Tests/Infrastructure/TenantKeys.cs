using System.Security.Cryptography;
using System.Text;

namespace AiCaller.Email.Tests.Infrastructure;

/// <summary>Two tenants' API keys, one given in clear and one as its SHA-256, as a user writes API_KEYS.</summary>
public static class TenantKeys
{
    public const string KeyA = "key-a-0123456789abcdef";
    public const string KeyB = "key-b-0123456789abcdef";

    public static string Sha256Hex(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    public static IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["API_KEYS"] = $"tenant-a:{KeyA},tenant-b:sha256:{Sha256Hex(KeyB)}",
    };
}
