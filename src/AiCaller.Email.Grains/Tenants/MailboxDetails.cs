using System.Security.Cryptography;
using System.Text.Json;
using AiCaller.Email.Grains.Mailboxes;
using Microsoft.AspNetCore.DataProtection;

namespace AiCaller.Email.Grains.Tenants;

/// <summary>
/// What a directory row keeps encrypted: the mailbox's address, last error and time of its last token refresh. Status,
/// provider and account stay in the clear because pages and counts are queried by them.
/// </summary>
public sealed class MailboxDetails(IDataProtectionProvider dataProtection)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly IDataProtector _protector = dataProtection.CreateProtector("AiCaller.Email.Directory.v1");

    public byte[] Protect(string? email, MailboxError? lastError, DateTimeOffset? lastRefreshedAt = null) =>
        _protector.Protect(JsonSerializer.SerializeToUtf8Bytes(new Stored(email, lastError, lastRefreshedAt), Json));

    /// <returns>False when the keys that encrypted the row are gone.</returns>
    public bool TryUnprotect(byte[]? protectedDetails, out string? email, out MailboxError? lastError, out DateTimeOffset? lastRefreshedAt)
    {
        email = null;
        lastError = null;
        lastRefreshedAt = null;
        if (protectedDetails is null)
        {
            return true;
        }

        try
        {
            var stored = JsonSerializer.Deserialize<Stored>(_protector.Unprotect(protectedDetails), Json);
            email = stored?.Email;
            lastError = stored?.LastError;
            lastRefreshedAt = stored?.LastRefreshedAt;
            return true;
        }
        catch (Exception e) when (e is CryptographicException or JsonException)
        {
            return false;
        }
    }

    // Rows written before LastRefreshedAt was kept read it as null.
    private sealed record Stored(string? Email, MailboxError? LastError, DateTimeOffset? LastRefreshedAt = null);
}
