using System.Text.Json;

namespace AiCaller.Email.ProviderEmulator.Graph;

/// <summary>A message as a client writes it to sendMail, a new draft or a draft update, checked the way Graph checks it.</summary>
public sealed record GraphMessageInput(
    string? Subject,
    string? BodyType,
    string? BodyContent,
    IReadOnlyList<GraphRecipient>? To,
    IReadOnlyList<GraphRecipient>? Cc,
    IReadOnlyList<GraphRecipient>? Bcc,
    IReadOnlyList<GraphRecipient>? ReplyTo,
    string? Importance,
    IReadOnlyList<AttachmentInput> Attachments,
    IReadOnlyList<GraphExtendedProperty>? ExtendedProperties = null)
{
    public static GraphMessageInput? Parse(JsonElement message, out GraphError? error)
    {
        error = null;
        if (message.ValueKind != JsonValueKind.Object)
        {
            error = GraphError.BadRequest("Invalid message: an object is expected.");
            return null;
        }

        string? bodyType = null;
        string? content = null;
        if (GraphRequestBody.Get(message, "body") is { } body)
        {
            bodyType = (GraphRequestBody.GetString(body, "contentType") ?? "text").ToLowerInvariant();
            if (bodyType is not ("text" or "html"))
            {
                error = GraphError.BadRequest($"Requested value '{GraphRequestBody.GetString(body, "contentType")}' was not found.");
                return null;
            }

            content = GraphRequestBody.GetString(body, "content") ?? "";
        }

        var importance = GraphRequestBody.GetString(message, "importance")?.ToLowerInvariant();
        if (importance is not (null or "low" or "normal" or "high"))
        {
            error = GraphError.BadRequest($"Requested value '{importance}' was not found.");
            return null;
        }

        var lists = new Dictionary<string, IReadOnlyList<GraphRecipient>?>();
        foreach (var name in new[] { "toRecipients", "ccRecipients", "bccRecipients", "replyTo" })
        {
            lists[name] = Recipients(message, name, out error);
            if (error is not null)
            {
                return null;
            }
        }

        var attachments = new List<AttachmentInput>();
        if (GraphRequestBody.Get(message, "attachments") is { ValueKind: JsonValueKind.Array } items)
        {
            foreach (var item in items.EnumerateArray())
            {
                if (AttachmentInput.Parse(item, out error) is not { } attachment)
                {
                    return null;
                }

                attachments.Add(attachment);
            }
        }

        IReadOnlyList<GraphExtendedProperty>? extended = null;
        if (GraphRequestBody.Get(message, "singleValueExtendedProperties") is { } extendedJson
            && (extended = GraphExtendedProperty.ParseList(extendedJson, out error)) is null)
        {
            return null;
        }

        return new GraphMessageInput(GraphRequestBody.GetString(message, "subject"), bodyType, content, lists["toRecipients"],
            lists["ccRecipients"], lists["bccRecipients"], lists["replyTo"], importance, attachments, extended);
    }

    /// <summary>Writes the given members over a message; members absent from the JSON leave it as it was.</summary>
    public GraphMessage ApplyTo(GraphMessage message)
    {
        var updated = message with
        {
            Subject = Subject ?? message.Subject,
            To = To ?? message.To,
            Cc = Cc ?? message.Cc,
            Bcc = Bcc ?? message.Bcc,
            ReplyTo = ReplyTo ?? message.ReplyTo,
            Importance = Importance ?? message.Importance,
            ExtendedProperties = GraphExtendedProperty.Merge(message.ExtendedProperties, ExtendedProperties ?? []),
        };
        if (BodyType is not null)
        {
            updated = updated with
            {
                BodyType = BodyType,
                BodyContent = BodyContent ?? "",
                TextBody = BodyType == "html" ? GraphMessageJson.HtmlToText(BodyContent ?? "") : BodyContent ?? "",
            };
        }

        return updated;
    }

    private static IReadOnlyList<GraphRecipient>? Recipients(JsonElement message, string name, out GraphError? error)
    {
        error = null;
        if (GraphRequestBody.Get(message, name) is not { } list)
        {
            return null;
        }

        if (list.ValueKind != JsonValueKind.Array)
        {
            error = GraphError.BadRequest($"Invalid value for '{name}': an array is expected.");
            return null;
        }

        var result = new List<GraphRecipient>();
        foreach (var item in list.EnumerateArray())
        {
            var address = GraphRequestBody.Get(item, "emailAddress") is { } email ? GraphRequestBody.GetString(email, "address") : null;
            var display = GraphRequestBody.Get(item, "emailAddress") is { } e2 ? GraphRequestBody.GetString(e2, "name") : null;
            if (string.IsNullOrWhiteSpace(address) || !address.Contains('@') || address.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
            {
                error = new GraphError(400, "ErrorInvalidRecipients", "At least one recipient isn't valid., Recipient '"
                    + (address ?? "") + "' isn't resolved. All recipients must be resolved before a message can be submitted.");
                return null;
            }

            result.Add(new GraphRecipient(display, address.Trim()));
        }

        return result;
    }
}

/// <summary>A fileAttachment as a client writes it: name, content type, base64 contentBytes.</summary>
public sealed record AttachmentInput(string Name, string ContentType, byte[] Content, bool IsInline, string? ContentId)
{
    public static AttachmentInput? Parse(JsonElement item, out GraphError? error)
    {
        error = null;
        var type = GraphRequestBody.GetString(item, "@odata.type");
        if (type is not null && !type.Equals("#microsoft.graph.fileAttachment", StringComparison.OrdinalIgnoreCase))
        {
            error = GraphError.BadRequest($"The emulator supports fileAttachment only, not '{type}'.");
            return null;
        }

        if (type is null)
        {
            error = new GraphError(400, "ErrorInvalidParameter", "The attachment '@odata.type' is missing.");
            return null;
        }

        var name = GraphRequestBody.GetString(item, "name");
        var base64 = GraphRequestBody.GetString(item, "contentBytes");
        if (string.IsNullOrEmpty(name) || base64 is null)
        {
            error = new GraphError(400, "ErrorInvalidParameter", "The attachment must have a name and contentBytes.");
            return null;
        }

        var buffer = new byte[base64.Length];
        if (!Convert.TryFromBase64String(base64, buffer, out var written))
        {
            error = BadBase64();
            return null;
        }

        var inline = GraphRequestBody.Get(item, "isInline") is { ValueKind: JsonValueKind.True };
        return new AttachmentInput(name, GraphRequestBody.GetString(item, "contentType") ?? "application/octet-stream", buffer[..written],
            inline, GraphRequestBody.GetString(item, "contentId"));
    }

    private static GraphError BadBase64() =>
        GraphError.BadRequest("Cannot convert the literal to the expected type 'Edm.Binary'.");
}
