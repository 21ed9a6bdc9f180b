using System.Globalization;
using AiCaller.Email.ProviderEmulator.Google;

namespace AiCaller.Email.ProviderEmulator.Gmail;

/// <summary>users.messages.list, users.messages.get and users.messages.attachments.get.</summary>
public static class MessagesApi
{
    private const int DefaultPageSize = 100;
    private const int MaxPageSize = 500;
    private static readonly string[] Formats = ["full", "metadata", "minimal", "raw"];

    public static IResult List(string userId, HttpContext context, GmailAuthorizer auth)
    {
        if (!auth.TryAuthorize(context, userId, GoogleScopes.ForMetadataRead, out var caller, out var failure))
        {
            return failure;
        }

        var query = context.Request.Query;
        var q = query["q"].ToString();
        if (q.Length > 0 && caller.MetadataOnly)
        {
            return GoogleApiError.Forbidden("Metadata scope does not support 'q' parameter");
        }

        if (!TryPageSize(query["maxResults"].ToString(), out var pageSize))
        {
            return GoogleApiError.InvalidArgument($"Invalid maxResults: must be between 1 and {MaxPageSize}");
        }

        PageToken? after = null;
        if (query["pageToken"].ToString() is { Length: > 0 } pageToken && (after = PageToken.TryDecode(pageToken)) is null)
        {
            return GoogleApiError.InvalidArgument("Invalid pageToken");
        }

        var search = SearchQuery.Parse(q);
        var labels = query["labelIds"].Where(l => !string.IsNullOrEmpty(l)).Select(l => l!).ToArray();
        var includeSpamTrash = query["includeSpamTrash"].ToString() == "true";
        var matches = caller.Mailbox.NewestFirst()
            .Where(m => includeSpamTrash || !(m.HasLabel("SPAM") || m.HasLabel("TRASH")))
            .Where(m => labels.All(m.HasLabel))
            .Where(search.Matches)
            .ToArray();

        var page = matches.Where(m => after is null || IsAfter(m, after)).Take(pageSize + 1).ToArray();
        var served = page.Take(pageSize).ToArray();
        var next = page.Length > pageSize ? new PageToken(served[^1].InternalDate.ToUnixTimeMilliseconds(), served[^1].Id).Encode() : null;
        var refs = served.Length == 0 ? null : served.Select(m => new MessageRef(m.IdHex, m.ThreadId)).ToArray();
        return TypedResults.Json(new ListMessagesResponse(refs, next, matches.Length));
    }

    public static IResult Get(string userId, string id, HttpContext context, GmailAuthorizer auth)
    {
        if (!auth.TryAuthorize(context, userId, GoogleScopes.ForMetadataRead, out var caller, out var failure))
        {
            return failure;
        }

        var format = context.Request.Query["format"].ToString() is { Length: > 0 } f ? f.ToLowerInvariant() : "full";
        if (!Formats.Contains(format))
        {
            return GoogleApiError.InvalidArgument($"Invalid value at 'format' (type.googleapis.com/google.apps.gmail.v1.GetMessageRequest.Format), \"{format}\"");
        }

        if (caller.MetadataOnly && format is "full" or "raw")
        {
            return GoogleApiError.Forbidden($"Metadata scope doesn't allow format {format.ToUpperInvariant()}");
        }

        if (Find(caller, id, out var message) is { } missing)
        {
            return missing;
        }

        var headers = context.Request.Query["metadataHeaders"].Where(h => !string.IsNullOrEmpty(h)).Select(h => h!).ToArray();
        return TypedResults.Json(MessageRenderer.Render(message!, format, headers));
    }

    public static IResult GetAttachment(string userId, string messageId, string attachmentId, HttpContext context, GmailAuthorizer auth)
    {
        if (!auth.TryAuthorize(context, userId, GoogleScopes.ForRead, out var caller, out var failure))
        {
            return failure;
        }

        if (Find(caller, messageId, out var message) is { } missing)
        {
            return missing;
        }

        return MessageRenderer.Attachment(message!, attachmentId) is { } body
            ? TypedResults.Json(body)
            : GoogleApiError.InvalidArgument("Invalid attachment token");
    }

    /// <summary>Gmail's id rule: 400 for an id that is not an in-range hex number, 404 for one that names nothing.</summary>
    private static GoogleApiError? Find(GmailCaller caller, string id, out StoredMessage? message)
    {
        message = null;
        if (!MessageId.TryParse(id, out var value))
        {
            return GoogleApiError.InvalidId;
        }

        message = caller.Mailbox.Find(value);
        return message is null ? GoogleApiError.NotFound : null;
    }

    private static bool TryPageSize(string text, out int size)
    {
        size = DefaultPageSize;
        return text.Length == 0
            || (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out size) && size is >= 1 and <= MaxPageSize);
    }

    private static bool IsAfter(StoredMessage message, PageToken cursor)
    {
        var date = message.InternalDate.ToUnixTimeMilliseconds();
        return date < cursor.SortDate || (date == cursor.SortDate && message.Id < cursor.Id);
    }
}
