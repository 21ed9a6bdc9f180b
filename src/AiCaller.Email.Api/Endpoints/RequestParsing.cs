using System.Text.RegularExpressions;
using AiCaller.Email.Grains.Problems;

namespace AiCaller.Email.Api.Endpoints;

/// <summary>Path and header values checked by hand, so that every refusal says which value and why.</summary>
public static partial class RequestParsing
{
    public const int MaxTokenLength = 2048;
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    private const string MessageIdBody = "^[A-Za-z0-9_=+.-]{1,1024}";

    /// <summary>What a message id looks like, as published in the OpenAPI document.</summary>
    public const string MessageIdSchemaPattern = MessageIdBody + "$";

    // \z, not $: $ also matches before a final newline.
    [GeneratedRegex(MessageIdBody + @"\z", RegexOptions.CultureInvariant)]
    private static partial Regex MessageIdPattern();

    public static string MessageId(string id) =>
        MessageIdPattern().IsMatch(id) ? id : throw Invalid("message id may only contain letters, digits and _ = + . -");

    /// <summary>
    /// The send's Idempotency-Key: <paramref name="lines"/> is how many times the header came, as binding joins
    /// repeated lines with commas and a key may hold a comma itself.
    /// </summary>
    public static string? IdempotencyKey(string? value, int lines)
    {
        if (lines == 0)
        {
            return null;
        }

        var key = lines == 1 ? value : null;
        if (string.IsNullOrEmpty(key) || key.Length > 255 || key.Any(c => c < 0x21 || c > 0x7e))
        {
            throw Invalid("Idempotency-Key must be one value of 1 to 255 visible ASCII characters");
        }

        return key;
    }

    private static MailboxProblemException Invalid(string detail) => new(ProblemCode.InvalidRequest, detail);
}
