using System.Globalization;
using System.Text;

namespace AiCaller.Email.ProviderEmulator.Graph;

/// <summary>
/// The part of OData <c>$filter</c> Outlook messages support that a mail client uses: <c>eq ne gt ge lt le</c> on
/// isRead, hasAttachments, isDraft, importance, subject, conversationId, internetMessageId, receivedDateTime,
/// sentDateTime, from|sender/emailAddress/address|name; <c>startswith(subject,'…')</c>;
/// <c>toRecipients|ccRecipients|bccRecipients/any(r:r/emailAddress/address eq '…')</c>;
/// <c>singleValueExtendedProperties/any(ep: ep/id eq '…' and ep/value eq '…')</c>; <c>and or not</c> and
/// parentheses. Strings compare without regard to case, as Exchange does. Anything else is refused with a 400.
/// </summary>
public sealed partial class GraphFilter
{
    private static readonly string[] Comparisons = ["eq", "ne", "gt", "ge", "lt", "le"];

    private readonly List<string> _tokens;
    private readonly List<string> _properties = [];
    private int _position;

    private GraphFilter(List<string> tokens) => _tokens = tokens;

    /// <summary>Properties in the order the filter names them; Graph wants $orderby's properties first, in the same order.</summary>
    public IReadOnlyList<string> PropertiesInOrder => _properties;

    public Func<GraphMessage, bool> Matches { get; private set; } = _ => true;

    public static GraphFilter Parse(string text, out GraphError? error)
    {
        var filter = new GraphFilter(Tokenize(text));
        error = null;
        try
        {
            filter.Matches = filter.Or();
            if (filter._position < filter._tokens.Count)
            {
                throw Syntax(text, filter._tokens[filter._position]);
            }
        }
        catch (FilterException e)
        {
            error = e.Error;
        }
        catch (ArgumentOutOfRangeException)
        {
            error = GraphError.BadRequest($"Invalid filter clause: Syntax error at the end of '{text}'.");
        }

        return filter;
    }

    private Func<GraphMessage, bool> Or()
    {
        var left = And();
        while (Accept("or"))
        {
            var (l, r) = (left, And());
            left = m => l(m) || r(m);
        }

        return left;
    }

    private Func<GraphMessage, bool> And()
    {
        var left = Unary();
        while (Accept("and"))
        {
            var (l, r) = (left, Unary());
            left = m => l(m) && r(m);
        }

        return left;
    }

    private Func<GraphMessage, bool> Unary()
    {
        if (Accept("not"))
        {
            var inner = Unary();
            return m => !inner(m);
        }

        if (Accept("("))
        {
            var inner = Or();
            Expect(")");
            return inner;
        }

        var token = Next();
        if (token.Equals("startswith", StringComparison.OrdinalIgnoreCase))
        {
            Expect("(");
            var property = Next();
            var read = StringProperty(property);
            Expect(",");
            var prefix = Literal(Next()) as string ?? throw Unsupported();
            Expect(")");
            return m => read(m)?.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) == true;
        }

        if (RecipientList(token) is { } recipients)
        {
            return Any(token, recipients);
        }

        if (token.Equals(ExtendedPropertyExpansion.Member + "/any", StringComparison.OrdinalIgnoreCase))
        {
            return AnyExtendedProperty();
        }

        if (Peek() == "(")
        {
            throw Unsupported();
        }

        var op = Next().ToLowerInvariant();
        if (!Comparisons.Contains(op))
        {
            throw new FilterException(GraphError.BadRequest($"Invalid filter clause: Syntax error at position of '{op}'."));
        }

        return Compare(token, op, Literal(Next()));
    }

    // toRecipients/any(r:r/emailAddress/address eq 'x'): the lambda variable may be any name.
    private Func<GraphMessage, bool> Any(string token, Func<GraphMessage, IEnumerable<GraphRecipient>> recipients)
    {
        Expect("(");
        var variable = Next();
        Expect(":");
        var path = Next();
        var prefix = variable + "/emailAddress/";
        if (!path.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
        {
            throw Unsupported();
        }

        var field = path[prefix.Length..].ToLowerInvariant();
        var op = Next().ToLowerInvariant();
        var value = Literal(Next()) as string;
        Expect(")");
        if (op != "eq" || value is null || field is not ("address" or "name"))
        {
            throw Unsupported();
        }

        _properties.Add(token.Split('/')[0]);
        return m => recipients(m).Any(r => string.Equals(field == "address" ? r.Address : r.Name, value, StringComparison.OrdinalIgnoreCase));
    }

    private Func<GraphMessage, bool> Compare(string property, string op, object? value)
    {
        var name = property.ToLowerInvariant();
        Func<GraphMessage, object?> read = name switch
        {
            "isread" => m => m.IsRead,
            "hasattachments" => m => m.HasAttachments,
            "isdraft" => m => m.IsDraft,
            "receiveddatetime" => m => m.Received,
            "sentdatetime" => m => m.Sent,
            "createddatetime" => m => m.Created,
            "lastmodifieddatetime" => m => m.LastModified,
            _ => StringProperty(property),
        };
        _properties.Add(Canonical(property));

        return m =>
        {
            var actual = read(m);
            int? order = (actual, value) switch
            {
                (bool a, bool b) => a.CompareTo(b),
                (DateTimeOffset a, DateTimeOffset b) => a.CompareTo(b),
                (string a, string b) => string.Compare(a, b, StringComparison.OrdinalIgnoreCase),
                (null, null) => 0,
                _ => null,
            };
            return op switch
            {
                "eq" => order == 0,
                "ne" => order != 0,
                "gt" => order > 0,
                "ge" => order >= 0,
                "lt" => order < 0,
                _ => order <= 0,
            };
        };
    }

    private Func<GraphMessage, string?> StringProperty(string property)
    {
        Func<GraphMessage, string?> read = property.ToLowerInvariant() switch
        {
            "subject" => m => m.Subject,
            "importance" => m => m.Importance,
            "conversationid" => m => m.ConversationId,
            "internetmessageid" => m => m.InternetMessageId,
            "from/emailaddress/address" or "sender/emailaddress/address" => m => m.From?.Address,
            "from/emailaddress/name" or "sender/emailaddress/name" => m => m.From?.Name,
            _ when GraphMessageJson.Property(property.Split('/')[0]) is null => throw new FilterException(GraphError.UnknownProperty(property.Split('/')[0])),
            _ => throw Unsupported(),
        };
        return read;
    }

    private static Func<GraphMessage, IEnumerable<GraphRecipient>>? RecipientList(string token) => token.ToLowerInvariant() switch
    {
        "torecipients/any" => m => m.To,
        "ccrecipients/any" => m => m.Cc,
        "bccrecipients/any" => m => m.Bcc,
        _ => null,
    };

    private static string Canonical(string property)
    {
        var head = property.Split('/')[0];
        return GraphMessageJson.Property(head) ?? head;
    }

    private static object? Literal(string token)
    {
        if (token.Length >= 2 && token[0] == '\'' && token[^1] == '\'')
        {
            return token[1..^1].Replace("''", "'");
        }

        return token.ToLowerInvariant() switch
        {
            "true" => true,
            "false" => false,
            "null" => null,
            _ when long.TryParse(token, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number) => number,
            _ when DateTimeOffset.TryParse(token, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date) => date,
            _ => throw new FilterException(GraphError.BadRequest($"Invalid filter clause: '{token}' is not a valid literal.")),
        };
    }

    private bool Accept(string token)
    {
        if (_position < _tokens.Count && _tokens[_position].Equals(token, StringComparison.OrdinalIgnoreCase))
        {
            _position++;
            return true;
        }

        return false;
    }

    private void Expect(string token)
    {
        if (!Accept(token))
        {
            throw new FilterException(GraphError.BadRequest($"Invalid filter clause: ')' or ',' or '(' expected, found '{Peek()}'."));
        }
    }

    private string Next() => _tokens[_position++];

    private string? Peek() => _position < _tokens.Count ? _tokens[_position] : null;

    private static FilterException Unsupported() =>
        new(new GraphError(400, "ErrorInvalidUrlQueryFilter", "The query filter contains one or more invalid nodes."));

    private static FilterException Syntax(string text, string at) =>
        new(GraphError.BadRequest($"Invalid filter clause: Syntax error at '{at}' in '{text}'."));

    /// <summary>Words, quoted strings (with '' escapes) and the punctuation ( ) , : as tokens.</summary>
    private static List<string> Tokenize(string text)
    {
        var tokens = new List<string>();
        var current = new StringBuilder();
        void Flush()
        {
            if (current.Length > 0)
            {
                tokens.Add(current.ToString());
                current.Clear();
            }
        }

        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\'')
            {
                Flush();
                var end = i + 1;
                while (end < text.Length && !(text[end] == '\'' && (end + 1 >= text.Length || text[end + 1] != '\'')))
                {
                    end += text[end] == '\'' ? 2 : 1;
                }

                tokens.Add(text[i..Math.Min(end + 1, text.Length)]);
                i = end;
            }
            else if (char.IsWhiteSpace(c))
            {
                Flush();
            }
            else if (c == ':' && IsDateTimeSoFar(current))
            {
                // The colons of a date-time literal (2024-05-01T10:00:00Z) belong to it, not to a lambda.
                current.Append(c);
            }
            else if (c is '(' or ')' or ',' or ':')
            {
                Flush();
                tokens.Add(c.ToString());
            }
            else
            {
                current.Append(c);
            }
        }

        Flush();
        return tokens;
    }

    private static bool IsDateTimeSoFar(StringBuilder word) =>
        word.Length >= 11 && word[4] == '-' && word[7] == '-' && word[10] == 'T' && char.IsAsciiDigit(word[0]);

    private sealed class FilterException(GraphError error) : Exception(error.Message)
    {
        public GraphError Error { get; } = error;
    }
}
