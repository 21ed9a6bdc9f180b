using System.Text;
using AiCaller.Email.Grains.Mail;
using AiCaller.Email.Grains.Problems;
using MimeKit;

namespace AiCaller.Email.Grains.Providers.Gmail;

/// <summary>
/// Builds the RFC 5322 message Gmail's send takes, with MimeKit, in 7-bit: non-ASCII header text RFC 2047-encoded,
/// parameters such as file names RFC 2231-encoded, non-ASCII domains in punycode, bodies quoted-printable or base64.
/// </summary>
public static class GmailMimeMessage
{
    // RFC 5322's line ends, whatever the platform's; International off keeps the headers in 7 bits.
    private static readonly FormatOptions Format = new() { NewLineFormat = NewLineFormat.Dos, International = false };

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
            // Base64 whatever the type: a text attachment's bytes, line ends included, arrive exactly as given.
            if (body.Attachments.Add(attachment.FileName, attachment.Content, ContentType.Parse(attachment.ContentType)) is MimePart part)
            {
                part.ContentTransferEncoding = ContentEncoding.Base64;
            }
        }

        message.Body = body.ToMessageBody();
        message.Prepare(EncodingConstraint.SevenBit);
        RefuseNonAsciiLocalParts(message);

        using var stream = new MemoryStream();
        message.WriteTo(Format, stream);
        return stream.ToArray();
    }

    // An address's local part cannot be RFC 2047-encoded; only an SMTPUTF8 (RFC 6532) message could carry it in 8 bits.
    private static void RefuseNonAsciiLocalParts(MimeMessage message)
    {
        var address = message.To.Mailboxes.Concat(message.Cc.Mailboxes).Concat(message.Bcc.Mailboxes).Concat(message.ReplyTo.Mailboxes)
            .FirstOrDefault(a => !Ascii.IsValid(a.LocalPart));
        if (address is not null)
        {
            throw new MailboxProblemException(ProblemCode.InvalidRequest,
                $"'{address.Address}' has a non-ASCII part before the @, which a Gmail message sent by this host cannot carry; "
                + "non-ASCII names and domains are fine");
        }
    }
}
