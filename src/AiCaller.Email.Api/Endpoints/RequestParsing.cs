using System.Globalization;
using System.Text.RegularExpressions;
using AiCaller.Email.Grains.Problems;

namespace AiCaller.Email.Api.Endpoints;

/// <summary>Query and header values checked by hand, so that every refusal says which parameter and why.</summary>
public static partial class RequestParsing
{
    public const int MaxTokenLength = 2048;

    // \z, not $: $ also matches before a final newline.
    [GeneratedRegex(@"^[A-Za-z0-9_=+.-]{1,1024}\z", RegexOptions.CultureInvariant)]
    private static partial Regex MessageIdPattern();

    public static int IntInRange(string? text, string name, int min, int max, int fallback)
    {
        if (text is null)
        {
            return fallback;
        }

        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            throw Invalid($"{name} must be a whole number from {min} to {max}");
        }

        return value;
    }

    public static string? BoundedText(string? text, string name, int maxLength = MaxTokenLength)
    {
        if (text is null)
        {
            return null;
        }

        if (text.Length == 0 || text.Length > maxLength || text.Any(char.IsControl))
        {
            throw Invalid($"{name} must be 1 to {maxLength} characters without control characters");
        }

        return text;
    }

    public static string MessageId(string id) =>
        MessageIdPattern().IsMatch(id) ? id : throw Invalid("message id may only contain letters, digits and _ = + . -");

    public static string? IdempotencyKey(HttpRequest request)
    {
        var values = request.Headers["Idempotency-Key"];
        if (values.Count == 0)
        {
            return null;
        }

        var key = values.Count == 1 ? values[0] : null;
        if (string.IsNullOrEmpty(key) || key.Length > 255 || key.Any(c => c < 0x21 || c > 0x7e))
        {
            throw Invalid("Idempotency-Key must be one value of 1 to 255 visible ASCII characters");
        }

        return key;
    }

    private static MailboxProblemException Invalid(string detail) => new(ProblemCode.InvalidRequest, detail);
}
