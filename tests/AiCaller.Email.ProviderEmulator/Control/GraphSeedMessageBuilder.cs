using AiCaller.Email.ProviderEmulator.Graph;
using MimeKit;

namespace AiCaller.Email.ProviderEmulator.Control;

/// <summary>Builds a seeded Graph message; addresses are parsed as RFC 5322 ("Name &lt;a@b&gt;" or "a@b").</summary>
public static class GraphSeedMessageBuilder
{
    public static GraphMessage Build(GraphMailStore store, GraphMailbox mailbox, GraphSeedMessageRequest request, DateTimeOffset now)
    {
        var html = request.BodyHtml is not null;
        var input = new GraphMessageInput(request.Subject, html ? "html" : "text", request.BodyHtml ?? request.BodyText ?? "",
            request.To.Select(Recipient).ToArray(), (request.Cc ?? []).Select(Recipient).ToArray(), [], [], null, []);
        var attachments = (request.Attachments ?? [])
            .Select(a => new AttachmentInput(a.Filename, a.ContentType, Convert.FromBase64String(a.ContentBase64), false, null))
            .ToArray();
        var message = GraphMessageFactory.Create(store, mailbox, request.Folder, Recipient(request.From), input, attachments, now,
            isDraft: request.Folder == GraphFolders.Drafts, request.IsRead, request.Date, request.InternetMessageId);
        return html && request.BodyText is not null ? message with { TextBody = request.BodyText } : message;
    }

    private static GraphRecipient Recipient(string address)
    {
        var mailbox = MailboxAddress.Parse(address);
        return new GraphRecipient(string.IsNullOrEmpty(mailbox.Name) ? null : mailbox.Name, mailbox.Address);
    }
}
