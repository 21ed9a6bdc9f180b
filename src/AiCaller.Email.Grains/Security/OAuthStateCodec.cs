using Microsoft.AspNetCore.DataProtection;

namespace AiCaller.Email.Grains.Security;

/// <summary>
/// The OAuth <c>state</c> parameter: the callback learns from it which mailbox the consent belongs to, and the mailbox's
/// pending connect with that nonce holds the PKCE verifier.
/// </summary>
public sealed class OAuthStateCodec(IDataProtectionProvider dataProtection, TimeProvider clock)
    : MailboxNonceCodec(dataProtection, clock, "AiCaller.Email.OAuthState.v1");
