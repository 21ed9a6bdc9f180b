using AiCaller.Email.Grains.Mail;

namespace AiCaller.Email.Grains.Mailboxes.Sends;

/// <summary>One message on its way out of one mailbox, as <see cref="SendLedger"/> sees it.</summary>
public interface IMailSender
{
    /// <summary>The mailbox's address, for the marker's domain.</summary>
    string Address { get; }

    /// <summary>Hands the message, stamped with <paramref name="marker"/>, to the provider once.</summary>
    /// <exception cref="Problems.MailboxProblemException">With <c>SendOutcomeUnknown</c> when the provider may have taken it.</exception>
    Task<SendResult> SendAsync(string marker);

    /// <summary>Asks the provider for a message it took with <paramref name="marker"/>; null when it has none.</summary>
    /// <param name="attemptedAt">When the send that may have delivered it was made.</param>
    Task<SendResult?> FindAsync(string marker, DateTimeOffset attemptedAt);
}
