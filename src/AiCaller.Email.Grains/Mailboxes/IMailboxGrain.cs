using AiCaller.Email.Grains.Hosting;
using AiCaller.Email.Grains.Mail;

namespace AiCaller.Email.Grains.Mailboxes;

/// <summary>
/// One connected (or connectable) mailbox, keyed by <see cref="MailboxKey.ToGrainKey"/>. Owns its tokens,
/// their refresh, its concurrency gate towards the provider and the idempotency records of its sends.
/// Failures surface as <see cref="Problems.MailboxProblemException"/>.
/// </summary>
[Alias("AiCaller.Email.IMailboxGrain")]
public interface IMailboxGrain : IGrainWithStringKey
{
    [Alias("GetStatus")]
    [SafeToRetry]
    Task<MailboxStatus> GetStatusAsync();

    /// <summary>
    /// Starts a consent whose provider redirects to <paramref name="redirectUri"/>; the browser is then sent on to
    /// <paramref name="returnUrl"/> with the result (null: the callback answers it). Lists the mailbox in its tenant's
    /// directory when the tenant has room (else <c>limit_reached</c>).
    /// </summary>
    [Alias("StartConnect")]
    Task<ConnectStart> StartConnectAsync(string redirectUri, string? returnUrl);

    /// <summary>
    /// Finishes a consent started by <see cref="StartConnectAsync"/>; the nonce comes from the verified OAuth state. The
    /// consent is spent whatever the outcome; only a nonce with no consent pending (used, or unknown) throws.
    /// </summary>
    [Alias("CompleteConnect")]
    Task<ConnectOutcome> CompleteConnectAsync(string nonce, string code);

    /// <summary>
    /// Ends the consent of <paramref name="nonce"/> without a code (the provider refused, or the user denied): it is spent
    /// and nothing else changes. Returns its return URL; a nonce with no consent pending throws.
    /// </summary>
    [Alias("AbandonConnect")]
    Task<string?> AbandonConnectAsync(string nonce);

    /// <summary>
    /// Issues a single-use connect link valid for <paramref name="lifetime"/>, whose consent returns the browser to
    /// <paramref name="returnUrl"/>. Lists the mailbox as <see cref="StartConnectAsync"/> does.
    /// </summary>
    [Alias("CreateConnectLink")]
    Task<ConnectLink> CreateConnectLinkAsync(string? returnUrl, TimeSpan lifetime);

    /// <summary>What the link of <paramref name="nonce"/> would do if opened now; changes nothing.</summary>
    [Alias("CheckConnectLink")]
    [SafeToRetry]
    Task<ConnectLinkStatus> CheckConnectLinkAsync(string nonce);

    /// <summary>
    /// Spends the usable link of <paramref name="nonce"/> and starts its consent, which returns the browser to the link's
    /// return URL, or else to <paramref name="resultPageUrl"/>. A link that is not usable changes nothing.
    /// </summary>
    [Alias("OpenConnectLink")]
    Task<ConnectLinkOpening> OpenConnectLinkAsync(string nonce, string redirectUri, string resultPageUrl);

    /// <summary>
    /// Sends at most once, exactly once per key. A caller that stops waiting (this call times out after a minute, or its
    /// silo dies) answers that the outcome is unknown; the send's record lets a retry with the same key find out.
    /// </summary>
    [Alias("Send")]
    [ResponseTimeout("00:01:00")]
    Task<SendResult> SendAsync(SendMailRequest request, string? idempotencyKey);

    [Alias("ListMessages")]
    [SafeToRetry]
    Task<MessageList> ListMessagesAsync(MessageListQuery query);

    [Alias("GetMessage")]
    [SafeToRetry]
    Task<MessageDetail> GetMessageAsync(string messageId);

    /// <summary>Revokes at the provider where it allows, forgets the tokens and leaves the tenant's account list.</summary>
    [Alias("Disconnect")]
    Task DisconnectAsync();

    /// <summary>Refreshes now: proves the refresh token still works (what the keep-alive reminder does).</summary>
    [Alias("CheckToken")]
    Task<MailboxStatus> CheckTokenAsync();
}
