using AiCaller.Email.Grains.Mail;
using MimeKit;

namespace AiCaller.Email.Grains.Providers.Gmail;

/// <summary>Builds the RFC 5322 message Gmail's send takes, with MimeKit.</summary>
public static class GmailMimeMessage
{
    /// <param name="marker">The Message-ID, in angle brackets, by which the message can be found again.</param>
    public static byte[] Build(string fromAddress, SendMailRequest request, string marker)
    {
        var message = new MimeMessage { MessageId = marker.Trim('<', '>') };
        message.Headers.Add(GmailSendMarker.Header, marker);
        if (!string.IsNullOrEmpty(fromAddress))
        {
            message.From.Add(MailboxAddress.Parse(fromAddress));
        }

        message.To.AddRange(request.To.Select(InternetAddress.Parse));
        message.Cc.AddRange(request.Cc.Select(InternetAddress.Parse));
        message.Bcc.AddRange(request.Bcc.Select(InternetAddress.Parse));
        if (request.ReplyTo is not null)
        {
            message.ReplyTo.Add(InternetAddress.Parse(request.ReplyTo));
        }

        message.Subject = request.Subject;
        message.Date = DateTimeOffset.UtcNow;

        var body = new BodyBuilder { TextBody = request.Body, HtmlBody = request.BodyHtml };
        foreach (var attachment in request.Attachments)
        {
            body.Attachments.Add(attachment.FileName, attachment.Content, ContentType.Parse(attachment.ContentType));
        }

        message.Body = body.ToMessageBody();

        using var stream = new MemoryStream();
        message.WriteTo(FormatOptions.Default, stream);
        return stream.ToArray();
    }
}
