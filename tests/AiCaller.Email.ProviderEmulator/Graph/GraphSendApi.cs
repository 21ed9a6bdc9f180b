using System.Text.Json;
using System.Text.Json.Nodes;
using AiCaller.Email.ProviderEmulator.Microsoft;

namespace AiCaller.Email.ProviderEmulator.Graph;

/// <summary>
/// Sending: <c>sendMail</c> (202, no id comes back), and a draft created with <c>POST /messages</c> (201, with id and
/// conversationId) then sent with <c>POST /messages/{id}/send</c>. Each send is recorded with the JSON exactly as received.
/// The Sent Items copy keeps the message's single-value extended properties, so a client can tag a message it sends and
/// find it there afterwards (github.com/microsoftgraph/microsoft-graph-docs/issues/3766).
/// </summary>
public static class GraphSendApi
{
    public static async Task<IResult> SendMailAsync(HttpContext context, GraphAuthorizer auth, GraphMailStore store, TimeProvider clock)
    {
        if (!auth.TryAuthorize(context, GraphScopes.ForSend, out var caller, out var failure))
        {
            return failure;
        }

        var (body, unreadable) = await ReadBodyAsync(context);
        if (body is null)
        {
            return unreadable!;
        }

        if (GraphRequestBody.Get(body.Root, "message") is not { } messageJson)
        {
            return new GraphError(400, "ErrorInvalidParameter", "The value of the parameter 'Message' is empty.");
        }

        var save = true;
        if (GraphRequestBody.Get(body.Root, "saveToSentItems") is { } saveJson)
        {
            if (saveJson.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
            {
                return GraphError.BadRequest("Cannot convert the literal to the expected type 'Edm.Boolean'.");
            }

            save = saveJson.GetBoolean();
        }

        if (GraphMessageInput.Parse(messageJson, out var error) is not { } input)
        {
            return error!;
        }

        if (input.To is not { Count: > 0 } && input.Cc is not { Count: > 0 } && input.Bcc is not { Count: > 0 })
        {
            return GraphError.NoRecipients;
        }

        var message = GraphMessageFactory.Create(store, caller.Mailbox, GraphFolders.SentItems, Sender(caller), input, input.Attachments,
            clock.GetUtcNow(), isDraft: false, isRead: true);
        if (save)
        {
            caller.Mailbox.Add(message);
        }

        DeliverToSelf(store, caller, message);
        caller.Mailbox.RecordSent(new GraphSentRecord("sendMail", body.Text, null, save, message));
        return GraphResponses.Accepted();
    }

    public static async Task<IResult> CreateDraftAsync(HttpContext context, GraphAuthorizer auth, GraphMailStore store, TimeProvider clock)
    {
        if (!auth.TryAuthorize(context, GraphScopes.ForWrite, out var caller, out var failure))
        {
            return failure;
        }

        var (body, unreadable) = await ReadBodyAsync(context);
        if (body is null)
        {
            return unreadable!;
        }

        if (GraphMessageInput.Parse(body.Root, out var error) is not { } input)
        {
            return error!;
        }

        var draft = caller.Mailbox.Add(GraphMessageFactory.Create(store, caller.Mailbox, GraphFolders.Drafts, Sender(caller), input,
            input.Attachments, clock.GetUtcNow(), isDraft: true, isRead: true));
        caller.Mailbox.RememberDraftRequest(draft.Sequence, body.Text);
        if (WantsImmutableId(context.Request))
        {
            caller.Mailbox.RememberImmutableId(draft.Sequence);
        }

        var root = GraphApi.Root(context);
        var json = new JsonObject { ["@odata.context"] = $"{root}/$metadata#users('{caller.User.ObjectId}')/messages/$entity" };
        foreach (var (name, value) in GraphMessageJson.Render(draft, caller.Mailbox, new GraphView(null, null, false), ""))
        {
            json[name] = value?.DeepClone();
        }

        return GraphResponses.Created(json, $"{root}/Users('{caller.User.ObjectId}')/Messages('{draft.Id}')");
    }

    public static async Task<IResult> SendDraftAsync(string id, HttpContext context, GraphAuthorizer auth, GraphMailStore store, TimeProvider clock)
    {
        if (!auth.TryAuthorize(context, GraphScopes.ForSend, out var caller, out var failure))
        {
            return failure;
        }

        var sendJson = await GraphRequestBody.ReadTextAsync(context);
        if (GraphMessagesApi.Find(caller, id, out var draft) is { } missing)
        {
            return missing;
        }

        if (!draft!.IsDraft)
        {
            return new GraphError(400, "ErrorInvalidOperation", "Only draft messages can be sent.");
        }

        if (!draft.AllRecipients.Any())
        {
            return GraphError.NoRecipients;
        }

        var now = DateTimeOffset.FromUnixTimeSeconds(clock.GetUtcNow().ToUnixTimeSeconds());
        caller.Mailbox.Remove(draft.Sequence);
        // Exchange gives a moved item a new id, unless it was created asking for immutable ids.
        var moved = caller.Mailbox.HasImmutableId(draft.Sequence)
            ? draft with { Folder = GraphFolders.SentItems }
            : GraphMessageFactory.Move(store, caller.Mailbox, draft, GraphFolders.SentItems);
        var sent = caller.Mailbox.Add(moved with
        {
            IsDraft = false,
            IsRead = true,
            Sent = now,
            Received = now,
            LastModified = now,
        });
        DeliverToSelf(store, caller, sent);
        caller.Mailbox.RecordSent(new GraphSentRecord("draft", caller.Mailbox.DraftRequest(draft.Sequence) ?? "", sendJson, true, sent));
        return GraphResponses.Accepted();
    }

    public static async Task<IResult> AddAttachmentAsync(string id, HttpContext context, GraphAuthorizer auth, TimeProvider clock)
    {
        if (!auth.TryAuthorize(context, GraphScopes.ForWrite, out var caller, out var failure))
        {
            return failure;
        }

        if (GraphMessagesApi.Find(caller, id, out var message) is { } missing)
        {
            return missing;
        }

        var (body, unreadable) = await ReadBodyAsync(context);
        if (body is null)
        {
            return unreadable!;
        }

        if (AttachmentInput.Parse(body.Root, out var error) is not { } input)
        {
            return error!;
        }

        var attachment = new GraphAttachment(GraphIds.Attachment(message!.Id, message.Attachments.Count), input.Name, input.ContentType,
            input.Content, input.IsInline, input.ContentId, clock.GetUtcNow());
        caller.Mailbox.Update(message with { Attachments = [.. message.Attachments, attachment], LastModified = clock.GetUtcNow() });

        var json = new JsonObject
        {
            ["@odata.context"] = $"{GraphApi.Root(context)}/$metadata#users('{caller.User.ObjectId}')/messages('{id}')/attachments/$entity",
        };
        foreach (var (name, value) in GraphMessageJson.Attachment(attachment))
        {
            json[name] = value?.DeepClone();
        }

        return GraphResponses.Created(json, $"{GraphApi.Root(context)}/Users('{caller.User.ObjectId}')/Messages('{id}')/Attachments('{attachment.Id}')");
    }

    private static bool WantsImmutableId(HttpRequest request) =>
        request.Headers["Prefer"].Any(p => p is not null && p.Replace(" ", string.Empty, StringComparison.Ordinal)
            .Contains("IdType=\"ImmutableId\"", StringComparison.OrdinalIgnoreCase));

    private static GraphRecipient Sender(GraphCaller caller) => new(caller.User.DisplayName, caller.User.Mail ?? caller.User.Email);

    /// <summary>
    /// Mail the user sends to themselves also arrives in their inbox, unread. Extended properties stay with the sender's
    /// copy: the delivered one comes without them (github.com/microsoftgraph/microsoft-graph-docs-contrib/issues/3434).
    /// </summary>
    private static void DeliverToSelf(GraphMailStore store, GraphCaller caller, GraphMessage message)
    {
        if (message.AllRecipients.Any(r => r.Address.Equals(caller.User.Email, StringComparison.OrdinalIgnoreCase)))
        {
            caller.Mailbox.Add(GraphMessageFactory.Move(store, caller.Mailbox, message, GraphFolders.Inbox) with
            {
                IsRead = false,
                ExtendedProperties = [],
            });
        }
    }

    /// <summary>The JSON body, or Graph's error for an empty or unreadable one.</summary>
    private static async Task<(GraphRequestBody? Body, GraphError? Error)> ReadBodyAsync(HttpContext context)
    {
        var text = await GraphRequestBody.ReadTextAsync(context);
        if (text.Trim().Length == 0)
        {
            return (null, GraphError.EmptyPayload);
        }

        try
        {
            return (new GraphRequestBody(text, JsonDocument.Parse(text).RootElement.Clone()), null);
        }
        catch (JsonException)
        {
            return (null, GraphError.UnreadablePayload);
        }
    }
}
