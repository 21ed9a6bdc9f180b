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

    [Alias("StartConnect")]
    Task<ConnectStart> StartConnectAsync(string redirectUri);

    /// <summary>Finishes a consent started by <see cref="StartConnectAsync"/>; the nonce comes from the verified OAuth state.</summary>
    [Alias("CompleteConnect")]
    Task<ConnectResult> CompleteConnectAsync(string nonce, string code);

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
