using System.Globalization;
using System.Text;
using MimeKit;

namespace AiCaller.Email.ProviderEmulator.Gmail;

/// <summary>Turns a stored message into Gmail's Message resource in the requested format.</summary>
public static class MessageRenderer
{
    private const string AttachmentIdPrefix = "ANGjdJ_emu";

    public static GmailMessage Render(StoredMessage message, string format, IReadOnlyList<string> metadataHeaders)
    {
        var minimal = new GmailMessage(message.IdHex, message.ThreadId, message.LabelIds, message.Facts.Snippet,
            message.HistoryId.ToString(CultureInfo.InvariantCulture),
            message.InternalDate.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture), message.Raw.Length);
        return format switch
        {
            "raw" => minimal with { Raw = Base64Url.Encode(message.Raw, padded: true) },
            "metadata" => minimal with { Payload = MetadataPayload(message, metadataHeaders) },
            "full" => minimal with { Payload = FullPayload(message) },
            _ => minimal,
        };
    }

    public static MessagePartBody? Attachment(StoredMessage message, string attachmentId)
    {
        var partId = PartIdOf(message, attachmentId);
        if (partId is null)
        {
            return null;
        }

        var found = Walk(Body(message), "").FirstOrDefault(p => p.PartId == partId);
        if (found.Entity is null)
        {
            return null;
        }

        var bytes = Content(found.Entity);
        return new MessagePartBody(attachmentId, bytes.Length, Base64Url.Encode(bytes, padded: false));
    }

    private static MessagePart MetadataPayload(StoredMessage message, IReadOnlyList<string> wanted)
    {
        var headers = TopLevelHeaders(message)
            .Where(h => wanted.Count == 0 || wanted.Contains(h.Name, StringComparer.OrdinalIgnoreCase)).ToArray();
        return new MessagePart(null, Body(message).ContentType.MimeType.ToLowerInvariant(), null, headers, null, null);
    }

    private static MessagePart FullPayload(StoredMessage message)
    {
        var root = Part(message, Body(message), "");
        // The root part shows the message's own headers (From, Subject, ...) in wire order, not just the body's Content-*.
        return root with { Headers = TopLevelHeaders(message) };
    }

    private static MessagePart Part(StoredMessage message, MimeEntity entity, string partId)
    {
        var mimeType = entity.ContentType.MimeType.ToLowerInvariant();
        var headers = entity.Headers.Select(h => new MessagePartHeader(h.Field, h.Value)).ToArray();
        if (entity is Multipart multipart)
        {
            var children = multipart.Select((child, i) => Part(message, child, ChildId(partId, i))).ToArray();
            return new MessagePart(partId, mimeType, "", headers, new MessagePartBody(null, 0, null), children);
        }

        var bytes = Content(entity);
        var filename = (entity as MimePart)?.FileName ?? "";
        var body = filename.Length > 0 || entity.IsAttachment
            ? new MessagePartBody(AttachmentIdFor(message, partId), bytes.Length, null)
            : new MessagePartBody(null, bytes.Length, Base64Url.Encode(bytes, padded: false));
        return new MessagePart(partId, mimeType, filename, headers, body, null);
    }

    private static IEnumerable<(string PartId, MimeEntity Entity)> Walk(MimeEntity entity, string partId)
    {
        yield return (partId, entity);
        if (entity is Multipart multipart)
        {
            for (var i = 0; i < multipart.Count; i++)
            {
                foreach (var nested in Walk(multipart[i], ChildId(partId, i)))
                {
                    yield return nested;
                }
            }
        }
    }

    private static string ChildId(string parent, int index) =>
        parent.Length == 0 ? index.ToString(CultureInfo.InvariantCulture) : $"{parent}.{index.ToString(CultureInfo.InvariantCulture)}";

    private static byte[] Content(MimeEntity entity)
    {
        using var stream = new MemoryStream();
        switch (entity)
        {
            case MimePart { Content: { } content }:
                content.DecodeTo(stream);
                break;
            case MimeKit.MessagePart { Message: { } inner }:
                inner.WriteTo(stream);
                break;
        }

        return stream.ToArray();
    }

    // Real attachment ids are long opaque strings; ours name the message and part so they can be resolved without state.
    private static string AttachmentIdFor(StoredMessage message, string partId) =>
        AttachmentIdPrefix + Base64Url.Encode(Encoding.ASCII.GetBytes($"{message.IdHex}/{partId}"), padded: false);

    private static string? PartIdOf(StoredMessage message, string attachmentId)
    {
        if (!attachmentId.StartsWith(AttachmentIdPrefix, StringComparison.Ordinal)
            || Base64Url.TryDecode(attachmentId[AttachmentIdPrefix.Length..]) is not { } bytes)
        {
            return null;
        }

        var text = Encoding.ASCII.GetString(bytes);
        var slash = text.IndexOf('/');
        return slash > 0 && text[..slash] == message.IdHex ? text[(slash + 1)..] : null;
    }

    private static IReadOnlyList<MessagePartHeader> TopLevelHeaders(StoredMessage message)
    {
        using var stream = new MemoryStream(message.Raw, writable: false);
        return new MimeParser(stream, MimeFormat.Entity).ParseHeaders().Select(h => new MessagePartHeader(h.Field, h.Value)).ToArray();
    }

    // A message without a body (headers only) reads as an empty text/plain part, as Gmail shows it.
    private static MimeEntity Body(StoredMessage message)
    {
        using var stream = new MemoryStream(message.Raw, writable: false);
        return MimeMessage.Load(stream).Body ?? new TextPart("plain") { Text = "" };
    }
}
