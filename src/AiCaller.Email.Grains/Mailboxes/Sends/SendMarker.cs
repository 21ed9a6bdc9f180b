using System.Security.Cryptography;
using System.Text;

namespace AiCaller.Email.Grains.Mailboxes.Sends;

/// <summary>
/// The RFC 5322 Message-ID every send carries, so that the provider can be asked afterwards whether it has the
/// message: for a keyed send derived from the mailbox, the Idempotency-Key and when its record was made (a key used
/// again after its window is a new send with a new marker), random otherwise.
/// </summary>
public static class SendMarker
{
    private const string FallbackDomain = "aicaller.email";

    public static string ForKey(MailboxKey mailbox, string idempotencyKey, DateTimeOffset recordedAt, string senderAddress)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{mailbox.ToGrainKey()}\n{idempotencyKey}\n{recordedAt.UtcTicks}"));
        return Format(Convert.ToHexStringLower(hash.AsSpan(0, 16)), senderAddress);
    }

    public static string Random(string senderAddress) => Format(Guid.NewGuid().ToString("N"), senderAddress);

    // The sender's own domain on the right, as RFC 5322 suggests; our name where the address is not known.
    private static string Format(string unique, string senderAddress)
    {
        var at = senderAddress.LastIndexOf('@');
        var domain = at > 0 && at < senderAddress.Length - 1 ? senderAddress[(at + 1)..] : FallbackDomain;
        return $"<{unique}.aicaller@{domain}>";
    }
}
