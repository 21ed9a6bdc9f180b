using Microsoft.AspNetCore.DataProtection;

namespace AiCaller.Email.Grains.Security;

/// <summary>
/// The token of a connect link (<c>/connect/{token}</c>): it names its tenant's mailbox, so nothing the person who opens
/// the link sends can point it at another; the mailbox keeps the nonce and lets the link work once.
/// </summary>
public sealed class ConnectLinkCodec(IDataProtectionProvider dataProtection, TimeProvider clock)
    : MailboxNonceCodec(dataProtection, clock, "AiCaller.Email.ConnectLink.v1");
