using System.Text.Json;
using System.Text.Json.Nodes;
using AiCaller.Email.ProviderEmulator.Microsoft;
using Microsoft.Net.Http.Headers;

namespace AiCaller.Email.ProviderEmulator.Graph;

/// <summary>Listing, reading, updating and deleting messages, and reading their attachments.</summary>
public static class GraphMessagesApi
{
    public static IResult List(HttpContext context, GraphAuthorizer auth)
    {
        if (!auth.TryAuthorize(context, GraphScopes.ForRead, out var caller, out var failure))
        {
            return failure;
        }

        string? folder = null;
        if (context.GetRouteValue("folder") is string folderName && (folder = GraphFolders.Resolve(folderName, caller.Mailbox.Id)) is null)
        {
            // A well-known name Graph doesn't know, or a garbled id, is malformed; a folder-shaped id of no folder here is not found.
            return folderName.StartsWith("AAMkA", StringComparison.Ordinal) && folderName.Length > 100 ? GraphError.ItemNotFound : GraphError.IdMalformed;
        }

        if (GraphListQuery.Parse(context.Request.Query, out var error) is not { } query)
        {
            return error!;
        }

        var matching = query.Apply(caller.Mailbox.All().Where(m => folder is null || m.Folder == folder)).ToArray();
        var page = matching.Skip(query.Skip).Take(query.Top).ToArray();
        var view = View(context, query.Select, query.ExpandAttachments, query.ExpandExtendedProperties);
        var root = GraphApi.Root(context);
        var context0 = $"{root}/$metadata#users('{caller.User.ObjectId}')/messages"
            + (query.Select is null ? "" : $"({string.Join(',', query.Select)})");

        var json = new JsonObject { ["@odata.context"] = context0 };
        if (query.Count)
        {
            json["@odata.count"] = matching.Length;
        }

        json["value"] = new JsonArray(page.Select(m => (JsonNode)GraphMessageJson.Render(m, caller.Mailbox, view,
            $"{root}/$metadata#users('{caller.User.ObjectId}')/messages('{m.Id}')/attachments")).ToArray());
        if (query.Skip + page.Length < matching.Length)
        {
            json["@odata.nextLink"] = NextLink(context, query.Top, query.Skip + page.Length);
        }

        return WithPreference(context, view, GraphResponses.Json(json));
    }

    public static IResult Get(string id, HttpContext context, GraphAuthorizer auth)
    {
        if (!auth.TryAuthorize(context, GraphScopes.ForRead, out var caller, out var failure))
        {
            return failure;
        }

        if (Find(caller, id, out var message) is { } missing)
        {
            return missing;
        }

        var query = context.Request.Query;
        if (GraphListQuery.Parse(new QueryCollection(query.Where(q => q.Key is "$select" or "$expand").ToDictionary()), out var error) is not { } options)
        {
            return error!;
        }

        var view = View(context, options.Select, options.ExpandAttachments, options.ExpandExtendedProperties);
        var root = GraphApi.Root(context);
        var json = new JsonObject { ["@odata.context"] = $"{root}/$metadata#users('{caller.User.ObjectId}')/messages/$entity" };
        foreach (var (name, value) in GraphMessageJson.Render(message!, caller.Mailbox, view,
            $"{root}/$metadata#users('{caller.User.ObjectId}')/messages('{message!.Id}')/attachments"))
        {
            json[name] = value?.DeepClone();
        }

        return WithPreference(context, view, GraphResponses.Json(json));
    }

    /// <summary>
    /// PATCH: isRead and single-value extended properties on any message; subject, body, recipients and importance on
    /// drafts only, as Outlook allows.
    /// </summary>
    public static async Task<IResult> UpdateAsync(string id, HttpContext context, GraphAuthorizer auth, TimeProvider clock)
    {
        if (!auth.TryAuthorize(context, GraphScopes.ForWrite, out var caller, out var failure))
        {
            return failure;
        }

        if (Find(caller, id, out var message) is { } missing)
        {
            return missing;
        }

        if (await GraphRequestBody.ReadAsync(context) is not { } body)
        {
            return GraphError.UnreadablePayload;
        }

        var updated = message! with { LastModified = clock.GetUtcNow() };
        if (GraphRequestBody.Get(body.Root, "isRead") is { ValueKind: JsonValueKind.True or JsonValueKind.False } isRead)
        {
            updated = updated with { IsRead = isRead.GetBoolean() };
        }

        if (GraphRequestBody.Get(body.Root, "singleValueExtendedProperties") is { } extendedJson)
        {
            if (GraphExtendedProperty.ParseList(extendedJson, out var extendedError) is not { } extended)
            {
                return extendedError!;
            }

            updated = updated with { ExtendedProperties = GraphExtendedProperty.Merge(updated.ExtendedProperties, extended) };
        }

        var draftOnly = new[] { "subject", "body", "toRecipients", "ccRecipients", "bccRecipients", "replyTo", "importance" };
        if (draftOnly.Any(p => GraphRequestBody.Get(body.Root, p) is not null))
        {
            if (!message.IsDraft)
            {
                return new GraphError(400, "ErrorInvalidPropertyUpdateSentMessage", "Update operation is not allowed for property of sent message.");
            }

            if (GraphMessageInput.Parse(body.Root, out var error) is not { } input)
            {
                return error!;
            }

            updated = input.ApplyTo(updated);
        }

        var saved = caller.Mailbox.Update(updated);
        return GraphResponses.Json(GraphMessageJson.Render(saved, caller.Mailbox, View(context, null, false), ""));
    }

    public static IResult Delete(string id, HttpContext context, GraphAuthorizer auth)
    {
        if (!auth.TryAuthorize(context, GraphScopes.ForWrite, out var caller, out var failure))
        {
            return failure;
        }

        if (Find(caller, id, out var message) is { } missing)
        {
            return missing;
        }

        caller.Mailbox.Remove(message!.Sequence);
        return TypedResults.NoContent();
    }

    public static IResult ListAttachments(string id, HttpContext context, GraphAuthorizer auth)
    {
        if (!auth.TryAuthorize(context, GraphScopes.ForRead, out var caller, out var failure))
        {
            return failure;
        }

        if (Find(caller, id, out var message) is { } missing)
        {
            return missing;
        }

        return GraphResponses.Json(new JsonObject
        {
            ["@odata.context"] = $"{GraphApi.Root(context)}/$metadata#users('{caller.User.ObjectId}')/messages('{id}')/attachments",
            ["value"] = new JsonArray(message!.Attachments.Select(a => (JsonNode)GraphMessageJson.Attachment(a)).ToArray()),
        });
    }

    public static IResult GetAttachment(string id, string attachmentId, HttpContext context, GraphAuthorizer auth)
    {
        if (!auth.TryAuthorize(context, GraphScopes.ForRead, out var caller, out var failure))
        {
            return failure;
        }

        if (Find(caller, id, out var message) is { } missing)
        {
            return missing;
        }

        if (message!.Attachments.FirstOrDefault(a => a.Id == attachmentId) is not { } attachment)
        {
            return GraphError.ItemNotFound;
        }

        var json = new JsonObject
        {
            ["@odata.context"] = $"{GraphApi.Root(context)}/$metadata#users('{caller.User.ObjectId}')/messages('{id}')/attachments/$entity",
        };
        foreach (var (name, value) in GraphMessageJson.Attachment(attachment))
        {
            json[name] = value?.DeepClone();
        }

        return GraphResponses.Json(json);
    }

    /// <summary>Graph's id rule: 400 for an id that is not one, 404 for one that names nothing in this mailbox.</summary>
    public static GraphError? Find(GraphCaller caller, string id, out GraphMessage? message)
    {
        message = null;
        if (!GraphIds.TryParseMessage(id, out var mailbox, out var sequence))
        {
            return GraphError.IdMalformed;
        }

        message = mailbox == caller.Mailbox.Id ? caller.Mailbox.Find(sequence) : null;
        return message is null ? GraphError.ItemNotFound : null;
    }

    private static GraphView View(HttpContext context, IReadOnlyList<string>? select, bool expand,
        ExtendedPropertyExpansion? extended = null) =>
        new(select, PreferredBodyType(context.Request), expand, extended);

    /// <summary>The body type asked for with <c>Prefer: outlook.body-content-type="text"</c> (or "html"), if any.</summary>
    private static string? PreferredBodyType(HttpRequest request)
    {
        foreach (var preference in request.Headers["Prefer"].SelectMany(p => (p ?? "").Split(',')))
        {
            var parts = preference.Split('=', 2, StringSplitOptions.TrimEntries);
            if (parts.Length == 2 && parts[0].Equals("outlook.body-content-type", StringComparison.OrdinalIgnoreCase))
            {
                var value = HeaderUtilities.RemoveQuotes(parts[1]).ToString().ToLowerInvariant();
                return value is "text" or "html" ? value : null;
            }
        }

        return null;
    }

    private static IResult WithPreference(HttpContext context, GraphView view, IResult result)
    {
        if (view.PreferredBodyType is { } type)
        {
            context.Response.Headers["Preference-Applied"] = $"outlook.body-content-type=\"{type}\"";
        }

        return result;
    }

    /// <summary>The same request's next page: the carried options as they came, then $top and the new $skip.</summary>
    private static string NextLink(HttpContext context, int top, int skip)
    {
        var carried = GraphListQuery.Carried
            .Where(name => GraphListQuery.Option(context.Request.Query, name) is not null)
            .Select(name => $"{name}={Uri.EscapeDataString(GraphListQuery.Option(context.Request.Query, name)!)}");
        var query = string.Join('&', carried.Append($"$top={top}").Append($"$skip={skip}"));
        return $"{context.Request.Scheme}://{context.Request.Host}{context.Request.Path}?{query}";
    }
}
