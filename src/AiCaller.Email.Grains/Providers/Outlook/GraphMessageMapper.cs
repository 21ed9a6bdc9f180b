using AiCaller.Email.Grains.Mail;
using Microsoft.Graph.Models;

namespace AiCaller.Email.Grains.Providers.Outlook;

/// <summary>Graph's message, as we read it, to our summary and detail records; and our send request to the SDK's message.</summary>
public static class GraphMessageMapper
{
    public static readonly string[] SummaryFields =
        ["id", "conversationId", "subject", "from", "toRecipients", "receivedDateTime", "bodyPreview", "isRead"];

    public static MessageSummary ToSummary(GraphMessage message) => new(
        message.Id ?? string.Empty,
        message.ConversationId,
        message.Subject,
        Address(message.From),
        Addresses(message.ToRecipients),
        message.ReceivedDateTime,
        message.BodyPreview,
        message.IsRead ?? false);

    public static MessageDetail ToDetail(GraphMessage message, string? textBody, IEnumerable<GraphAttachment> attachments)
    {
        var isHtml = message.Body?.IsHtml == true;
        return new MessageDetail(
            message.Id ?? string.Empty,
            message.ConversationId,
            message.Subject,
            Address(message.From),
            Addresses(message.ToRecipients),
            Addresses(message.CcRecipients),
            message.ReceivedDateTime,
            message.BodyPreview,
            isHtml ? textBody : message.Body?.Content,
            isHtml ? message.Body?.Content : null,
            message.Categories ?? [],
            message.IsRead ?? false,
            attachments.Select(a => new Mail.AttachmentInfo(a.Id ?? string.Empty, a.Name ?? string.Empty, a.ContentType ?? "application/octet-stream", a.Size ?? 0)).ToList());
    }

    public static Message ToGraphMessage(SendMailRequest request) => new()
    {
        Subject = request.Subject,
        // Graph takes one body; HTML when given (Outlook derives the text part), else text.
        Body = request.BodyHtml is not null
            ? new ItemBody { ContentType = BodyType.Html, Content = request.BodyHtml }
            : new ItemBody { ContentType = BodyType.Text, Content = request.Body },
        ToRecipients = Recipients(request.To),
        CcRecipients = Recipients(request.Cc),
        BccRecipients = Recipients(request.Bcc),
        ReplyTo = request.ReplyTo is null ? null : Recipients([request.ReplyTo]),
        Attachments = request.Attachments.Select(a => (Attachment)new FileAttachment
        {
            OdataType = "#microsoft.graph.fileAttachment",
            Name = a.FileName,
            ContentType = a.ContentType,
            ContentBytes = a.Content,
        }).ToList(),
    };

    private static List<Recipient> Recipients(IEnumerable<string> addresses) => addresses.Select(text =>
    {
        var mailbox = MimeKit.MailboxAddress.Parse(text);
        return new Recipient
        {
            EmailAddress = new EmailAddress { Address = mailbox.Address, Name = string.IsNullOrEmpty(mailbox.Name) ? null : mailbox.Name },
        };
    }).ToList();

    private static string? Address(GraphRecipient? recipient) => recipient?.EmailAddress is { } email ? Format(email) : null;

    private static string? Addresses(List<GraphRecipient>? recipients) =>
        recipients is null or { Count: 0 } ? null : string.Join(", ", recipients.Where(r => r.EmailAddress is not null).Select(r => Format(r.EmailAddress!)));

    private static string Format(GraphEmailAddress email) =>
        string.IsNullOrEmpty(email.Name) || email.Name == email.Address ? email.Address ?? string.Empty : $"{email.Name} <{email.Address}>";
}
