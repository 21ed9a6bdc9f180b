using System.Globalization;
using System.Text;

namespace AiCaller.Email.ProviderEmulator.Gmail;

/// <summary>
/// The part of Gmail's search syntax tests need: <c>from: to: cc: bcc: subject: is: in: label: has:attachment
/// after: before: rfc822msgid:</c>, quoted phrases, <c>-</c> negation and bare words, all ANDed and case-insensitive.
/// Matching is by substring, where Gmail matches whole words; <c>rfc822msgid:</c> alone matches the whole Message-ID
/// exactly (with or without its angle brackets), the one way to name a single message by its headers.
/// </summary>
public sealed class SearchQuery
{
    private readonly IReadOnlyList<Func<StoredMessage, bool>> _terms;

    private SearchQuery(IReadOnlyList<Func<StoredMessage, bool>> terms) => _terms = terms;

    public bool Matches(StoredMessage message) => _terms.All(term => term(message));

    public static SearchQuery Parse(string? q) => new(Tokenize(q ?? "").Select(ToTerm).ToArray());

    private static Func<StoredMessage, bool> ToTerm(string token)
    {
        var negated = token.StartsWith('-') && token.Length > 1;
        var body = negated ? token[1..] : token;
        var colon = body.IndexOf(':');
        var (field, value) = colon > 0 ? (body[..colon].ToLowerInvariant(), Unquote(body[(colon + 1)..])) : ("", Unquote(body));
        Func<StoredMessage, bool> term = field switch
        {
            "from" => m => Contains(m.Facts.From, value),
            "to" => m => Contains(m.Facts.To, value),
            "cc" => m => Contains(m.Facts.Cc, value),
            "bcc" => m => Contains(m.Facts.Bcc, value),
            "subject" => m => Contains(m.Facts.Subject, value),
            "label" or "in" => m => value.Equals("anywhere", StringComparison.OrdinalIgnoreCase) || m.HasLabel(value.Replace('-', '_')),
            "is" => IsTerm(value),
            "has" when value.Equals("attachment", StringComparison.OrdinalIgnoreCase) => m => m.Facts.HasAttachment,
            "rfc822msgid" => m => Rfc822MessageId.Matches(m.Facts.Rfc822MessageId, value),
            "after" when ParseDate(value) is { } after => m => m.InternalDate >= after,
            "before" when ParseDate(value) is { } before => m => m.InternalDate < before,
            _ => m => Contains(m.Facts.Subject, Unquote(body)) || Contains(m.Facts.Text, Unquote(body))
                || Contains(m.Facts.From, Unquote(body)) || Contains(m.Facts.To, Unquote(body)),
        };
        return negated ? m => !term(m) : term;
    }

    private static Func<StoredMessage, bool> IsTerm(string value) => value.ToLowerInvariant() switch
    {
        "unread" => m => m.HasLabel("UNREAD"),
        "read" => m => !m.HasLabel("UNREAD"),
        "starred" => m => m.HasLabel("STARRED"),
        "important" => m => m.HasLabel("IMPORTANT"),
        _ => m => m.HasLabel(value),
    };

    private static DateTimeOffset? ParseDate(string value)
    {
        if (long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return DateTimeOffset.FromUnixTimeSeconds(seconds);
        }

        string[] formats = ["yyyy/M/d", "yyyy-M-d", "M/d/yyyy"];
        return DateTime.TryParseExact(value, formats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var date)
            ? new DateTimeOffset(date, TimeSpan.Zero)
            : null;
    }

    private static bool Contains(string haystack, string needle) => haystack.Contains(needle, StringComparison.OrdinalIgnoreCase);

    private static string Unquote(string value) => value.Length >= 2 && value[0] == '"' && value[^1] == '"' ? value[1..^1] : value;

    /// <summary>Splits on whitespace outside double quotes: <c>subject:"a b" c</c> is two tokens.</summary>
    private static IEnumerable<string> Tokenize(string q)
    {
        var current = new StringBuilder();
        var quoted = false;
        foreach (var c in q)
        {
            if (c == '"')
            {
                quoted = !quoted;
            }

            if (char.IsWhiteSpace(c) && !quoted)
            {
                if (current.Length > 0)
                {
                    yield return current.ToString();
                    current.Clear();
                }

                continue;
            }

            current.Append(c);
        }

        if (current.Length > 0)
        {
            yield return current.ToString();
        }
    }
}
