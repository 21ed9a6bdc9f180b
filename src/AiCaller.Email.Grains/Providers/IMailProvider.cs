using AiCaller.Email.Grains.Mail;
using AiCaller.Email.Grains.Mailboxes;

namespace AiCaller.Email.Grains.Providers;

/// <summary>
/// One mail provider's OAuth and REST, mapped to our records. The mailbox grain owns the lifecycle
/// (state, refresh, gate, idempotency); a provider only knows how to talk to its service.
/// </summary>
public interface IMailProvider
{
    ProviderName Name { get; }

    ProviderConfiguration Configuration { get; }

    Task<AuthorizationRequest> CreateAuthorizationRequestAsync(string redirectUri, string state, CancellationToken cancellationToken);

    Task<TokenSet> ExchangeCodeAsync(string code, string codeVerifier, string redirectUri, CancellationToken cancellationToken);

    Task<TokenSet> RefreshAsync(TokenSet tokens, CancellationToken cancellationToken);

    /// <summary>Revokes the grant where the provider allows it; returns false where it has no revocation.</summary>
    Task<bool> RevokeAsync(TokenSet tokens, CancellationToken cancellationToken);

    /// <summary>The seed's token file, if one exists, for a one-time import into the default mailbox.</summary>
    Task<TokenSet?> ReadSeedTokenAsync(CancellationToken cancellationToken);

    Task<string> GetMailboxAddressAsync(IMailboxSession session, CancellationToken cancellationToken);

    /// <summary>Sends once, never retrying after the request may have reached the provider.</summary>
    /// <param name="marker">A Message-ID the message carries so that <see cref="FindSentAsync"/> can find it again.</param>
    /// <exception cref="Problems.MailboxProblemException">With <c>SendOutcomeUnknown</c> when the provider may have taken the message.</exception>
    Task<SendResult> SendAsync(IMailboxSession session, string fromAddress, SendMailRequest request, string marker, CancellationToken cancellationToken);

    /// <summary>The message the provider took with <paramref name="marker"/>, or null when it has none.</summary>
    /// <param name="attemptedAt">When the send that may have delivered it was made.</param>
    Task<SendResult?> FindSentAsync(IMailboxSession session, string marker, DateTimeOffset attemptedAt, CancellationToken cancellationToken);

    Task<MessageList> ListMessagesAsync(IMailboxSession session, MessageListQuery query, CancellationToken cancellationToken);

    Task<MessageDetail> GetMessageAsync(IMailboxSession session, string messageId, CancellationToken cancellationToken);
}
