using System.Text.RegularExpressions;

namespace AiCaller.Email.ProviderEmulator.Graph;

/// <summary>
/// Which single-value extended properties a message shows: <c>$expand=singleValueExtendedProperties($filter=id eq '…')</c>,
/// ids joined with <c>or</c>. Graph names no other way to read them, and a message that has none of them comes without the
/// member at all (learn.microsoft.com/graph/api/singlevaluelegacyextendedproperty-get).
/// </summary>
public sealed partial record ExtendedPropertyExpansion(IReadOnlyList<ExtendedPropertyId>? Ids)
{
    public const string Member = "singleValueExtendedProperties";

    /// <summary>Every property a message has: for the control API, which is not bound by Graph's rule.</summary>
    public static readonly ExtendedPropertyExpansion All = new(Ids: null);

    public bool Shows(ExtendedPropertyId id) => Ids is null || Ids.Any(i => i.SameAs(id));

    /// <summary>The expansion named by <paramref name="item"/>, one item of <c>$expand</c>; null, with an error, when it is not one.</summary>
    public static ExtendedPropertyExpansion? Parse(string item, out GraphError? error)
    {
        error = null;
        var options = item[Member.Length..].Trim();
        if (options.Length < 2 || options[0] != '(' || options[^1] != ')' || IdFilter().Match(options[1..^1]) is not { Success: true } filter)
        {
            // Graph reads extended properties only by id; its wording for a bare or other $expand is not known.
            error = GraphError.BadRequest($"Expand {Member} with $filter=id eq '{{id}}'.");
            return null;
        }

        var ids = new List<ExtendedPropertyId>();
        foreach (var capture in filter.Groups["id"].Captures.Cast<Capture>())
        {
            if (ExtendedPropertyId.TryParse(capture.Value.Replace("''", "'")) is not { } id)
            {
                error = ExtendedPropertyId.Invalid;
                return null;
            }

            ids.Add(id);
        }

        return new ExtendedPropertyExpansion(ids);
    }

    /// <summary>The items of a <c>$expand</c> list: split at commas outside parentheses and quotes.</summary>
    public static IReadOnlyList<string> Items(string expand)
    {
        var items = new List<string>();
        var (depth, quoted, start) = (0, false, 0);
        for (var i = 0; i < expand.Length; i++)
        {
            switch (expand[i])
            {
                case '\'':
                    quoted = !quoted;
                    break;
                case '(' when !quoted:
                    depth++;
                    break;
                case ')' when !quoted:
                    depth--;
                    break;
                case ',' when !quoted && depth == 0:
                    items.Add(expand[start..i].Trim());
                    start = i + 1;
                    break;
            }
        }

        items.Add(expand[start..].Trim());
        return items.Where(item => item.Length > 0).ToArray();
    }

    // $filter=id eq '…' [or id eq '…']…, each clause optionally in parentheses, quotes doubled inside the literal.
    [GeneratedRegex(@"^\s*\$filter\s*=\s*\(?\s*id\s+eq\s+'(?<id>(?:[^']|'')*)'\s*\)?(?:\s+or\s+\(?\s*id\s+eq\s+'(?<id>(?:[^']|'')*)'\s*\)?)*\s*$",
        RegexOptions.IgnoreCase)]
    private static partial Regex IdFilter();
}
