using System.Text.Json;
using AiCaller.Email.ProviderEmulator.Google;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;
using MimeKit;

namespace AiCaller.Email.ProviderEmulator.Gmail;

/// <summary>
/// users.messages.send, as JSON with base64url <c>raw</c> and as an upload of the MIME itself. The message is stored
/// with a Message-ID of Gmail's own (see <see cref="Rfc822MessageId"/>) and is searchable as soon as send returns.
/// </summary>
public static class SendApi
{
    /// <summary>Gmail's mediaUpload.maxSize for messages.send.</summary>
    public const int MaxMessageBytes = 36_700_160;

    public static async Task<IResult> SendJsonAsync(string userId, HttpContext context, GmailAuthorizer auth, MailStore mail, TimeProvider clock)
    {
        if (!auth.TryAuthorize(context, userId, GoogleScopes.ForSend, out var caller, out var failure))
        {
            return failure;
        }

        SendMessageRequest? request;
        try
        {
            request = await context.Request.ReadFromJsonAsync<SendMessageRequest>(context.RequestAborted);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            return GoogleApiError.InvalidArgument("Invalid JSON payload received.");
        }

        if (string.IsNullOrEmpty(request?.Raw))
        {
            return GoogleApiError.InvalidArgument("'raw' RFC822 payload message string or uploading message via /upload/* URL required");
        }

        if (Base64Url.TryDecode(request.Raw) is not { } raw)
        {
            return new GoogleApiError(400, "Invalid value at 'message.raw' (TYPE_BYTES), Base64 decoding failed", "invalid", "INVALID_ARGUMENT");
        }

        return Store(caller, raw, request.ThreadId, mail, clock);
    }

    public static async Task<IResult> SendUploadAsync(string userId, HttpContext context, GmailAuthorizer auth, MailStore mail, TimeProvider clock)
    {
        if (!auth.TryAuthorize(context, userId, GoogleScopes.ForSend, out var caller, out var failure))
        {
            return failure;
        }

        var uploadType = context.Request.Query["uploadType"].ToString();
        var contentType = MediaTypeHeaderValue.TryParse(context.Request.ContentType, out var parsed) ? parsed : null;
        switch (uploadType)
        {
            case "media":
                if (contentType?.MediaType.StartsWith("message/", StringComparison.OrdinalIgnoreCase) != true)
                {
                    return GoogleApiError.InvalidArgument($"Media type '{contentType?.MediaType}' is not supported. Valid media types: [message/*]");
                }

                return Store(caller, await ReadAllAsync(context.Request.Body, context.RequestAborted), null, mail, clock);
            case "multipart":
                return await SendMultipartAsync(context, caller, contentType, mail, clock);
            default:
                return GoogleApiError.InvalidArgument($"Invalid uploadType '{uploadType}'; the emulator supports media and multipart");
        }
    }

    // uploadType=multipart: a multipart/related body, JSON metadata first (threadId), then the message/rfc822 part.
    private static async Task<IResult> SendMultipartAsync(HttpContext context, GmailCaller caller, MediaTypeHeaderValue? contentType,
        MailStore mail, TimeProvider clock)
    {
        var boundary = HeaderUtilities.RemoveQuotes(contentType?.Boundary ?? default).ToString();
        if (contentType?.MediaType.Equals("multipart/related", StringComparison.OrdinalIgnoreCase) != true || boundary.Length == 0)
        {
            return GoogleApiError.InvalidArgument("uploadType=multipart needs a multipart/related body");
        }

        var reader = new MultipartReader(boundary, context.Request.Body) { BodyLengthLimit = MaxMessageBytes + 1 };
        string? threadId = null;
        byte[]? raw = null;
        while (await reader.ReadNextSectionAsync(context.RequestAborted) is { } section)
        {
            var bytes = await ReadAllAsync(section.Body, context.RequestAborted);
            if (section.ContentType?.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) == true && bytes.Length > 0)
            {
                threadId = JsonSerializer.Deserialize<SendMessageRequest>(bytes, JsonSerializerOptions.Web)?.ThreadId;
            }
            else if (section.ContentType?.StartsWith("message/", StringComparison.OrdinalIgnoreCase) == true)
            {
                raw = bytes;
            }
        }

        return raw is null
            ? GoogleApiError.InvalidArgument("'raw' RFC822 payload message string or uploading message via /upload/* URL required")
            : Store(caller, raw, threadId, mail, clock);
    }

    private static IResult Store(GmailCaller caller, byte[] raw, string? threadId, MailStore mail, TimeProvider clock)
    {
        if (raw.Length > MaxMessageBytes)
        {
            return GoogleApiError.TooLarge;
        }

        MimeMessage message;
        try
        {
            message = MimeMessage.Load(new MemoryStream(raw, writable: false));
        }
        catch (FormatException)
        {
            return GoogleApiError.InvalidArgument("Invalid RFC822 message");
        }

        var recipients = message.To.Mailboxes.Concat(message.Cc.Mailboxes).Concat(message.Bcc.Mailboxes).ToArray();
        if (recipients.Length == 0)
        {
            return GoogleApiError.InvalidArgument("Recipient address required");
        }

        if (recipients.FirstOrDefault(r => !r.Address.Contains('@')) is { } invalid)
        {
            return GoogleApiError.InvalidArgument($"Invalid To header: {invalid.Address}");
        }

        var toSelf = recipients.Any(r => r.Address.Equals(caller.Mailbox.Email, StringComparison.OrdinalIgnoreCase));
        string[] labels = toSelf ? ["SENT", "INBOX", "UNREAD"] : ["SENT"];
        message.MessageId = Rfc822MessageId.NewGmail();
        var kept = Rfc822MessageId.Replace(raw, message.MessageId);
        var stored = mail.Add(caller.Mailbox.Email, kept, message, labels, clock.GetUtcNow(), threadId, MessageOrigin.Sent, received: raw);
        return TypedResults.Json(new GmailMessage(stored.IdHex, stored.ThreadId, stored.LabelIds));
    }

    private static async Task<byte[]> ReadAllAsync(Stream body, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        await body.CopyToAsync(buffer, ct);
        return buffer.ToArray();
    }
}
