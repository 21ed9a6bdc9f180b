namespace AiCaller.Email.ProviderEmulator.Graph;

/// <summary>New messages for a mailbox, with ids, conversation and dates filled in as Exchange fills them.</summary>
public static class GraphMessageFactory
{
    public static GraphMessage Create(GraphMailStore store, GraphMailbox mailbox, string folder, GraphRecipient? from, GraphMessageInput input,
        IReadOnlyList<AttachmentInput> attachments, DateTimeOffset now, bool isDraft, bool isRead,
        DateTimeOffset? date = null, string? internetMessageId = null, string? conversationId = null)
    {
        var sequence = store.NextSequence();
        var id = GraphIds.Message(mailbox.Id, sequence);
        var bodyType = input.BodyType ?? "text";
        var content = input.BodyContent ?? "";
        // Graph keeps seconds only; truncating here keeps sorting and filtering in agreement with what is shown.
        var at = DateTimeOffset.FromUnixTimeSeconds((date ?? now).ToUnixTimeSeconds());
        return new GraphMessage(
            sequence,
            id,
            conversationId ?? GraphIds.Conversation(mailbox.Id, sequence),
            folder,
            input.Subject ?? "",
            bodyType,
            content,
            bodyType == "html" ? GraphMessageJson.HtmlToText(content) : content,
            from,
            input.To ?? [],
            input.Cc ?? [],
            input.Bcc ?? [],
            input.ReplyTo ?? [],
            at,
            at,
            at,
            at,
            isRead,
            isDraft,
            input.Importance ?? "normal",
            internetMessageId ?? $"<{Guid.NewGuid():N}@emulator.local>",
            attachments.Select((a, i) => new GraphAttachment(GraphIds.Attachment(id, i), a.Name, a.ContentType, a.Content, a.IsInline, a.ContentId, at))
                .ToArray(),
            Version: 1)
        {
            ExtendedProperties = input.ExtendedProperties ?? [],
        };
    }

    /// <summary>The same message in another folder. Exchange ids depend on the folder, so the moved message has a new id.</summary>
    public static GraphMessage Move(GraphMailStore store, GraphMailbox mailbox, GraphMessage message, string folder)
    {
        var sequence = store.NextSequence();
        var id = GraphIds.Message(mailbox.Id, sequence);
        return message with
        {
            Sequence = sequence,
            Id = id,
            Folder = folder,
            Attachments = message.Attachments.Select((a, i) => a with { Id = GraphIds.Attachment(id, i) }).ToArray(),
        };
    }
}
