using System.Security.Cryptography;
using AiCaller.Email.Grains.Mailboxes;
using Microsoft.AspNetCore.DataProtection;

namespace AiCaller.Email.Grains.Security;

/// <summary>
/// A mailbox key and a random nonce, encrypted, authenticated and limited in time with Data Protection under a purpose
/// of its own. Whoever holds the text learns which mailbox it names without a lookup, a forged or altered text fails to
/// decrypt, and the mailbox grain, which keeps the nonce, makes each one single-use.
/// </summary>
public abstract class MailboxNonceCodec(IDataProtectionProvider dataProtection, TimeProvider clock, string purpose)
{
    private const int MaxLength = 4096;

    private readonly ITimeLimitedDataProtector _protector = dataProtection.CreateProtector(purpose).ToTimeLimitedDataProtector();

    /// <summary>256 random bits, base64url.</summary>
    public static string NewNonce() => System.Buffers.Text.Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    public string Protect(MailboxKey mailbox, string nonce, DateTimeOffset expiresAt) =>
        _protector.Protect($"{mailbox.ToGrainKey()}\n{nonce}", expiresAt);

    public bool TryUnprotect(string? text, out MailboxKey? mailbox, out string? nonce)
    {
        mailbox = null;
        nonce = null;
        if (string.IsNullOrEmpty(text) || text.Length > MaxLength)
        {
            return false;
        }

        string payload;
        try
        {
            payload = _protector.Unprotect(text, out var expiration);
            if (expiration < clock.GetUtcNow())
            {
                return false;
            }
        }
        catch (CryptographicException)
        {
            return false;
        }

        var parts = payload.Split('\n');
        if (parts.Length != 2 || !MailboxKey.TryParseGrainKey(parts[0], out mailbox))
        {
            return false;
        }

        nonce = parts[1];
        return true;
    }
}
