using System.Globalization;

namespace AiCaller.Email.ProviderEmulator.Graph;

/// <summary>
/// The OData query options of a message list: <c>$top</c> (1–1000, default 10), <c>$skip</c>, <c>$select</c>,
/// <c>$orderby</c> (default receivedDateTime desc), <c>$filter</c>, <c>$search</c>, <c>$count</c>, <c>$expand</c>
/// (attachments, and singleValueExtendedProperties by id).
/// Names arrive as <c>$top</c> or <c>%24top</c>; ASP.NET has decoded both to <c>$top</c> by the time they are read.
/// </summary>
public sealed record GraphListQuery(
    int Top,
    int Skip,
    IReadOnlyList<string>? Select,
    IReadOnlyList<(string Property, bool Descending)> OrderBy,
    GraphFilter? Filter,
    string? Search,
    bool Count,
    bool ExpandAttachments,
    ExtendedPropertyExpansion? ExpandExtendedProperties)
{
    public const int DefaultTop = 10;
    public const int MaxTop = 1000;

    /// <summary>The options a next page keeps; only $skip changes from page to page.</summary>
    public static readonly IReadOnlyList<string> Carried = ["$select", "$filter", "$orderby", "$search", "$count", "$expand"];

    public static GraphListQuery? Parse(IQueryCollection query, out GraphError? error)
    {
        error = null;
        var top = DefaultTop;
        if (Option(query, "$top") is { } topText
            && (!int.TryParse(topText, NumberStyles.None, CultureInfo.InvariantCulture, out top) || top is < 1 or > MaxTop))
        {
            error = GraphError.BadRequest($"Invalid value '{topText}' for $top query option found. The $top query option requires an integer between 1 and {MaxTop}.");
            return null;
        }

        var skip = 0;
        if (Option(query, "$skip") is { } skipText && !int.TryParse(skipText, NumberStyles.None, CultureInfo.InvariantCulture, out skip))
        {
            error = GraphError.BadRequest($"Invalid value '{skipText}' for $skip query option found. The $skip query option requires a non-negative integer value.");
            return null;
        }

        if (ParseSelect(Option(query, "$select"), out error) is var select && error is not null)
        {
            return null;
        }

        if (ParseOrderBy(Option(query, "$orderby"), out error) is not { } orderBy)
        {
            return null;
        }

        GraphFilter? filter = null;
        if (Option(query, "$filter") is { } filterText && (filter = GraphFilter.Parse(filterText, out error)) is not null && error is not null)
        {
            return null;
        }

        var search = Option(query, "$search");
        if (search is not null && filter is not null)
        {
            error = GraphError.InvalidQuery("The query parameter 'Filter' is invalid.");
            return null;
        }

        if (search is not null && orderBy.Count > 0)
        {
            error = GraphError.InvalidQuery("The query parameter 'OrderBy' is invalid.");
            return null;
        }

        // Outlook sorts with a filter only when the sort properties lead the filter, in the same order.
        if (filter is not null && orderBy.Count > 0
            && !orderBy.Select(o => o.Property).SequenceEqual(filter.PropertiesInOrder.Take(orderBy.Count), StringComparer.OrdinalIgnoreCase))
        {
            error = new GraphError(400, "InefficientFilter", "The restriction or sort order is too complex for this operation.");
            return null;
        }

        var expandAttachments = false;
        ExtendedPropertyExpansion? expandExtended = null;
        foreach (var item in ExtendedPropertyExpansion.Items(Option(query, "$expand") ?? ""))
        {
            if (item.Equals("attachments", StringComparison.OrdinalIgnoreCase))
            {
                expandAttachments = true;
            }
            else if (item.StartsWith(ExtendedPropertyExpansion.Member, StringComparison.OrdinalIgnoreCase))
            {
                if ((expandExtended = ExtendedPropertyExpansion.Parse(item, out error)) is null)
                {
                    return null;
                }
            }
            else
            {
                error = GraphError.UnknownProperty(item);
                return null;
            }
        }

        return new GraphListQuery(top, skip, select, orderBy, filter, search, Option(query, "$count") == "true", expandAttachments, expandExtended);
    }

    public IEnumerable<GraphMessage> Apply(IEnumerable<GraphMessage> messages)
    {
        var matching = messages.Where(Filter?.Matches ?? (_ => true));
        if (Search is { } search)
        {
            var words = search.Trim('"');
            // $search ranks by sent date, newest first, and can't be sorted otherwise.
            return matching.Where(m => Contains(m.Subject, words) || Contains(m.TextBody, words) || Contains(m.From?.Address, words)
                    || Contains(m.From?.Name, words) || m.AllRecipients.Any(r => Contains(r.Address, words)))
                .OrderByDescending(m => m.Sent).ThenByDescending(m => m.Sequence);
        }

        var order = OrderBy.Count > 0 ? OrderBy : [("receivedDateTime", true)];
        IOrderedEnumerable<GraphMessage>? sorted = null;
        foreach (var (property, descending) in order)
        {
            Func<GraphMessage, IComparable> key = property switch
            {
                "sentDateTime" => m => m.Sent,
                "createdDateTime" => m => m.Created,
                "lastModifiedDateTime" => m => m.LastModified,
                "subject" => m => m.Subject.ToLowerInvariant(),
                "isRead" => m => m.IsRead,
                "importance" => m => m.Importance,
                "from" => m => m.From?.Address.ToLowerInvariant() ?? "",
                _ => m => m.Received,
            };
            sorted = sorted is null
                ? descending ? matching.OrderByDescending(key) : matching.OrderBy(key)
                : descending ? sorted.ThenByDescending(key) : sorted.ThenBy(key);
        }

        return sorted!.ThenByDescending(m => m.Sequence);
    }

    /// <summary>A query option by its $ name; Graph v1.0 ignores the same names without the $.</summary>
    public static string? Option(IQueryCollection query, string name) =>
        query.TryGetValue(name, out var value) && value.ToString() is { Length: > 0 } text ? text : null;

    private static IReadOnlyList<string>? ParseSelect(string? text, out GraphError? error)
    {
        error = null;
        if (text is null)
        {
            return null;
        }

        var names = new List<string>();
        foreach (var raw in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (GraphMessageJson.Property(raw) is not { } name)
            {
                error = GraphError.UnknownProperty(raw);
                return null;
            }

            names.Add(name);
        }

        return names;
    }

    private static IReadOnlyList<(string Property, bool Descending)>? ParseOrderBy(string? text, out GraphError? error)
    {
        error = null;
        var result = new List<(string Property, bool Descending)>();
        foreach (var clause in (text ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = clause.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var path = parts[0].Split('/')[0];
            if (GraphMessageJson.Property(path) is not { } name)
            {
                error = GraphError.UnknownProperty(path);
                return null;
            }

            if (parts.Length > 2 || (parts.Length == 2 && parts[1].ToLowerInvariant() is not ("asc" or "desc")))
            {
                error = GraphError.BadRequest($"Invalid $orderby clause: '{clause}'.");
                return null;
            }

            result.Add((name, parts.Length == 2 && parts[1].Equals("desc", StringComparison.OrdinalIgnoreCase)));
        }

        return result;
    }

    private static bool Contains(string? haystack, string needle) => haystack?.Contains(needle, StringComparison.OrdinalIgnoreCase) == true;
}
