using AiCaller.Email.Api.Contracts;
using AiCaller.Email.Grains.Mail;
using MimeKit;

namespace AiCaller.Email.Api.Validation;

/// <summary>
/// Checks a send request field by field and builds the grain's request. Every refusal names the field;
/// CR or LF in any header value is refused, so no input can inject a header.
/// </summary>
public static class SendMailValidator
{
    public const int MaxRecipients = 500;
    private const int MaxSubjectLength = 998;
    private const int MaxFileNameLength = 255;

    public static (SendMailRequest? Request, string? Problem) Validate(SendMailBody? body)
    {
        if (body is null)
        {
            return Fail("the request body must be a JSON object");
        }

        var errors = new List<string>();
        var to = Addresses("to", body.To, required: true, errors);
        var cc = Addresses("cc", body.Cc, required: false, errors);
        var bcc = Addresses("bcc", body.Bcc, required: false, errors);
        if (to.Count + cc.Count + bcc.Count > MaxRecipients)
        {
            errors.Add($"to, cc and bcc together may name at most {MaxRecipients} recipients");
        }

        if (body.Subject is null)
        {
            errors.Add("subject is required");
        }
        else if (HasLineBreak(body.Subject))
        {
            errors.Add("subject must not contain CR or LF");
        }
        else if (body.Subject.Length > MaxSubjectLength)
        {
            errors.Add($"subject must be at most {MaxSubjectLength} characters");
        }

        if (body.Body is null && body.BodyHtml is null)
        {
            errors.Add("at least one of body and body_html is required");
        }

        string? replyTo = null;
        if (body.ReplyTo is not null)
        {
            replyTo = Address("reply_to", body.ReplyTo, errors);
        }

        var attachments = Attachments(body.Attachments, errors);
        if (errors.Count > 0)
        {
            return Fail(string.Join("; ", errors));
        }

        return (new SendMailRequest(to, cc, bcc, body.Subject!, body.Body, body.BodyHtml, replyTo, attachments), null);
    }

    private static List<string> Addresses(string field, IReadOnlyList<string>? values, bool required, List<string> errors)
    {
        var addresses = new List<string>();
        if (values is null || values.Count == 0)
        {
            if (required)
            {
                errors.Add($"{field} must name at least one recipient");
            }

            return addresses;
        }

        for (var i = 0; i < values.Count; i++)
        {
            if (Address($"{field}[{i}]", values[i], errors) is { } address)
            {
                addresses.Add(address);
            }
        }

        return addresses;
    }

    private static string? Address(string field, string? value, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add($"{field} must not be empty");
            return null;
        }

        if (HasLineBreak(value))
        {
            errors.Add($"{field} must not contain CR or LF");
            return null;
        }

        // One mailbox per entry, with a local part and a domain; groups and lists are not addresses here.
        if (!MailboxAddress.TryParse(ParserOptions.Default, value, out var mailbox)
            || mailbox.Address.IndexOf('@') is var at && (at <= 0 || at == mailbox.Address.Length - 1)
            || mailbox.Address.Contains(' '))
        {
            errors.Add($"{field} '{Shorten(value)}' is not a valid email address");
            return null;
        }

        return mailbox.ToString();
    }

    private static List<OutgoingAttachment> Attachments(IReadOnlyList<AttachmentBody?>? values, List<string> errors)
    {
        var attachments = new List<OutgoingAttachment>();
        for (var i = 0; i < (values?.Count ?? 0); i++)
        {
            var field = $"attachments[{i}]";
            if (values![i] is not { } attachment)
            {
                errors.Add($"{field} must be an object");
                continue;
            }

            if (string.IsNullOrWhiteSpace(attachment.Filename) || HasLineBreak(attachment.Filename) || attachment.Filename.Length > MaxFileNameLength)
            {
                errors.Add($"{field}.filename is required, without CR or LF, at most {MaxFileNameLength} characters");
                continue;
            }

            var contentType = attachment.ContentType ?? "application/octet-stream";
            if (HasLineBreak(contentType) || !ContentType.TryParse(contentType, out _) || !contentType.Contains('/'))
            {
                errors.Add($"{field}.content_type '{Shorten(contentType)}' is not a media type");
                continue;
            }

            if (attachment.ContentBase64 is null)
            {
                errors.Add($"{field}.content_base64 is required");
                continue;
            }

            var bytes = new byte[(attachment.ContentBase64.Length * 3 / 4) + 3];
            if (!Convert.TryFromBase64String(attachment.ContentBase64, bytes, out var length))
            {
                errors.Add($"{field}.content_base64 is not valid base64");
                continue;
            }

            attachments.Add(new OutgoingAttachment(attachment.Filename, contentType, bytes[..length]));
        }

        return attachments;
    }

    private static bool HasLineBreak(string value) => value.AsSpan().IndexOfAny('\r', '\n') >= 0;

    private static string Shorten(string value) => value.Length <= 64 ? value : value[..64] + "…";

    private static (SendMailRequest?, string?) Fail(string problem) => (null, problem);
}
