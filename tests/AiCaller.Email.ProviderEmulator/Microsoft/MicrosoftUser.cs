using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace AiCaller.Email.ProviderEmulator.Microsoft;

/// <summary>
/// A user as Entra ID and Graph describe them. The object id is derived from the email, so it is stable across
/// resets and runs, as a real account's is. Personal accounts live in the consumers tenant and have no <c>mail</c>.
/// </summary>
public sealed record MicrosoftUser(string Email, string ObjectId, string TenantId, bool Personal, string DisplayName,
    string GivenName, string? Surname)
{
    public string? Mail => Personal ? null : Email;

    /// <summary>MSAL's home account id, and the cache key a product stores tokens under.</summary>
    public string HomeAccountId => $"{ObjectId}.{TenantId}";

    public static MicrosoftUser For(string email, bool personal)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(email.Trim().ToLowerInvariant()));
        // Personal accounts' object ids start with eight zero bytes (00000000-0000-0000-xxxx-…), as real MSA ids do.
        var oid = personal
            ? $"00000000-0000-0000-{Convert.ToHexStringLower(hash, 0, 2)}-{Convert.ToHexStringLower(hash, 2, 6)}"
            : new Guid(hash.AsSpan(0, 16)).ToString("D");
        var words = email.Split('@')[0].Split(['.', '_', '-', '+'], StringSplitOptions.RemoveEmptyEntries)
            .Select(w => CultureInfo.InvariantCulture.TextInfo.ToTitleCase(w.ToLowerInvariant())).ToArray();
        var given = words.FirstOrDefault() ?? "User";
        var surname = words.Length > 1 ? words[^1] : null;
        return new MicrosoftUser(email.Trim(), oid, personal ? MicrosoftDefaults.ConsumersTenantId : MicrosoftDefaults.OrganizationTenantId,
            personal, string.Join(' ', words.DefaultIfEmpty("User")), given, surname);
    }
}
