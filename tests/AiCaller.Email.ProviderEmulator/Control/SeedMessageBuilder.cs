using MimeKit;

namespace AiCaller.Email.ProviderEmulator.Control;

/// <summary>Builds the MIME for a seeded message; seeded mail is stored as raw MIME like everything else.</summary>
public static class SeedMessageBuilder
{
    public static MimeMessage Build(SeedMessageRequest request, DateTimeOffset now)
    {
        var message = new MimeMessage { Subject = request.Subject ?? "", Date = request.Date ?? now };
        message.From.Add(InternetAddress.Parse(request.From));
        message.To.AddRange(request.To.Select(InternetAddress.Parse));
        message.Cc.AddRange((request.Cc ?? []).Select(InternetAddress.Parse));
        message.MessageId = MimeKit.Utils.MimeUtils.GenerateMessageId("emulator.local");

        var body = new BodyBuilder { TextBody = request.BodyText, HtmlBody = request.BodyHtml };
        foreach (var attachment in request.Attachments ?? [])
        {
            body.Attachments.Add(attachment.Filename, Convert.FromBase64String(attachment.ContentBase64),
                ContentType.Parse(attachment.ContentType));
        }

        message.Body = body.ToMessageBody();
        return message;
    }

    public static byte[] ToBytes(MimeMessage message)
    {
        // Internet mail uses CRLF whatever the platform; MimeKit's default follows the platform.
        var options = FormatOptions.Default.Clone();
        options.NewLineFormat = NewLineFormat.Dos;
        using var stream = new MemoryStream();
        message.WriteTo(options, stream);
        return stream.ToArray();
    }
}
