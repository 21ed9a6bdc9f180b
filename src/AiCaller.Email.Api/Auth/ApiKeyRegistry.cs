using System.Security.Cryptography;
using System.Text;
using AiCaller.Email.Grains.Mailboxes;

namespace AiCaller.Email.Api.Auth;

/// <summary>
/// The configured API keys (<c>API_KEYS="tenant-a:KEY,tenant-b:sha256:HEX"</c>), held only as SHA-256 hashes.
/// </summary>
public sealed class ApiKeyRegistry
{
    /// <summary>Shorter keys can be guessed: SPEC §3 asks for at least this many characters (or the key's SHA-256).</summary>
    public const int MinimumKeyLength = 20;

    private const string HashPrefix = "sha256:";
    private readonly Dictionary<string, string> _tenantByHash;

    private ApiKeyRegistry(Dictionary<string, string> tenantByHash) => _tenantByHash = tenantByHash;

    /// <summary>True when no key is configured: the loopback-only open mode.</summary>
    public bool IsOpen => _tenantByHash.Count == 0;

    /// <summary>How many tenants have a key.</summary>
    public int TenantCount => _tenantByHash.Values.Distinct(StringComparer.Ordinal).Count();

    public static ApiKeyRegistry Parse(string? apiKeys)
    {
        var tenantByHash = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in (apiKeys ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var separator = entry.IndexOf(':');
            if (separator <= 0 || separator == entry.Length - 1)
            {
                throw new InvalidOperationException("API_KEYS entries must look like 'tenant:KEY' or 'tenant:sha256:HEX'.");
            }

            var tenant = entry[..separator];
            var key = entry[(separator + 1)..];
            if (!MailboxKey.IsValidIdentifier(tenant))
            {
                throw new InvalidOperationException($"API_KEYS names tenant '{tenant}', which is not a valid tenant id (letters, digits, . _ @ + -).");
            }

            var hashed = key.StartsWith(HashPrefix, StringComparison.OrdinalIgnoreCase);
            if (!hashed && key.Length < MinimumKeyLength)
            {
                throw new InvalidOperationException(
                    $"API_KEYS: the key of tenant '{tenant}' has {key.Length} characters; a key needs at least {MinimumKeyLength}, "
                    + "so that it cannot be guessed (or give the SHA-256 of a longer one as sha256:HEX).");
            }

            var hash = hashed ? ParseHash(key[HashPrefix.Length..], tenant) : HashOf(key);
            if (!tenantByHash.TryAdd(hash, tenant) && tenantByHash[hash] != tenant)
            {
                throw new InvalidOperationException("API_KEYS gives the same key to two tenants.");
            }
        }

        return new ApiKeyRegistry(tenantByHash);
    }

    public bool TryGetTenant(string presentedKey, out string tenant) =>
        _tenantByHash.TryGetValue(HashOf(presentedKey), out tenant!);

    private static string HashOf(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    private static string ParseHash(string hex, string tenant)
    {
        if (hex.Length != 64 || !hex.All(Uri.IsHexDigit))
        {
            throw new InvalidOperationException($"API_KEYS: the sha256 key of tenant '{tenant}' must be 64 hex digits.");
        }

        return hex.ToLowerInvariant();
    }
}
