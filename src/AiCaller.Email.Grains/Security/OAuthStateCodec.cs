using System.Security.Cryptography;
using AiCaller.Email.Grains.Mailboxes;
using Microsoft.AspNetCore.DataProtection;

namespace AiCaller.Email.Grains.Security;

/// <summary>
/// The OAuth <c>state</c> parameter: the mailbox key and a random nonce, encrypted and authenticated with
/// Data Protection and limited in time. The callback learns which mailbox it belongs to without a lookup,
/// a forged or altered state fails to decrypt, and the mailbox grain makes each nonce single-use.
/// </summary>
public sealed class OAuthStateCodec(IDataProtectionProvider dataProtection, TimeProvider clock)
{
    private readonly ITimeLimitedDataProtector _protector =
        dataProtection.CreateProtector("AiCaller.Email.OAuthState.v1").ToTimeLimitedDataProtector();

    public static string NewNonce() => Base64UrlEncode(RandomNumberGenerator.GetBytes(32));

    public string Protect(MailboxKey mailbox, string nonce, DateTimeOffset expiresAt) =>
        _protector.Protect($"{mailbox.ToGrainKey()}\n{nonce}", expiresAt);

    public bool TryUnprotect(string? state, out MailboxKey? mailbox, out string? nonce)
    {
        mailbox = null;
        nonce = null;
        if (string.IsNullOrEmpty(state) || state.Length > 4096)
        {
            return false;
        }

        string payload;
        try
        {
            payload = _protector.Unprotect(state, out var expiration);
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

    private static string Base64UrlEncode(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
