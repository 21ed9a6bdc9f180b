using System.Globalization;
using AiCaller.Email.ProviderEmulator.Google;

namespace AiCaller.Email.ProviderEmulator.Gmail;

/// <summary>users.history.list, with messageAdded records only (the emulator has no label changes or deletions).</summary>
public static class HistoryApi
{
    public static IResult List(string userId, HttpContext context, GmailAuthorizer auth)
    {
        if (!auth.TryAuthorize(context, userId, GoogleScopes.ForMetadataRead, out var caller, out var failure))
        {
            return failure;
        }

        var query = context.Request.Query;
        if (!long.TryParse(query["startHistoryId"].ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var start))
        {
            return GoogleApiError.InvalidArgument("Invalid startHistoryId");
        }

        var pageSize = 100;
        if (query["maxResults"].ToString() is { Length: > 0 } max
            && (!int.TryParse(max, NumberStyles.None, CultureInfo.InvariantCulture, out pageSize) || pageSize is < 1 or > 500))
        {
            return GoogleApiError.InvalidArgument("Invalid maxResults: must be between 1 and 500");
        }

        if (query["pageToken"].ToString() is { Length: > 0 } token)
        {
            if (PageToken.TryDecode(token) is not { } cursor)
            {
                return GoogleApiError.InvalidArgument("Invalid pageToken");
            }

            start = Math.Max(start, cursor.Id);
        }

        var currentHistoryId = caller.Mailbox.HistoryId;
        if (caller.Mailbox.HistorySince(start) is not { } records)
        {
            return GoogleApiError.NotFound;
        }

        var types = query["historyTypes"].Where(t => !string.IsNullOrEmpty(t)).ToArray();
        var label = query["labelId"].ToString();
        var matching = records
            .Where(_ => types.Length == 0 || types.Contains("messageAdded"))
            .Where(r => label.Length == 0 || r.Message.HasLabel(label))
            .ToArray();
        var served = matching.Take(pageSize).ToArray();
        var next = matching.Length > pageSize ? new PageToken(0, served[^1].Id).Encode() : null;
        var entries = served.Select(r =>
        {
            var reference = new MessageRef(r.Message.IdHex, r.Message.ThreadId);
            var added = new GmailMessage(r.Message.IdHex, r.Message.ThreadId, r.Message.LabelIds);
            return new HistoryEntry(r.Id.ToString(CultureInfo.InvariantCulture), [reference], [new MessageAdded(added)]);
        }).ToArray();
        return TypedResults.Json(new HistoryResponse(entries.Length == 0 ? null : entries, next,
            currentHistoryId.ToString(CultureInfo.InvariantCulture)));
    }
}
