using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace AiCaller.Email.ProviderEmulator.Gmail;

/// <summary>
/// The Message-ID header, which Gmail search calls <c>rfc822msgid:</c>; written here without its angle brackets.
/// Gmail gives every message it sends through users.messages.send a Message-ID of its own
/// (<c>&lt;CA…@mail.gmail.com&gt;</c>), replacing the one the client wrote and keeping no copy of it: public reports
/// say so for the API while SMTP submission keeps the client's (github.com/gauteh/lieer/issues/198,
/// github.com/FlowCrypt/flowcrypt-browser/issues/4273). A client that must find its message again reads Gmail's
/// Message-ID back or looks for another mark.
/// </summary>
public static partial class Rfc822MessageId
{
    /// <summary>A new Message-ID in Gmail's own shape, without brackets.</summary>
    public static string NewGmail()
    {
        // Gmail's ids often carry '+' and '='; always having a '+' keeps a client that leaves it unescaped in q= honest.
        var head = Convert.ToBase64String(RandomNumberGenerator.GetBytes(27)).Replace('/', '_');
        var tail = Convert.ToBase64String(RandomNumberGenerator.GetBytes(9)).Replace('/', '-');
        return $"CA{head}+{tail}=@mail.gmail.com";
    }

    /// <summary>
    /// The MIME with its top-level Message-ID header set to <paramref name="messageId"/>: the first one replaced where
    /// it stood (any others dropped), or one added at the end of the header when there was none. Every other byte is kept.
    /// </summary>
    public static byte[] Replace(byte[] raw, string messageId)
    {
        // Latin-1 maps bytes to chars one to one, so 8-bit header bytes come back unchanged.
        var text = Encoding.Latin1.GetString(raw);
        var headerEnd = HeaderEnd().Match(text) is { Success: true } blank ? blank.Index + 1 : text.Length;
        var header = text[..headerEnd];
        var newline = header.Contains("\r\n", StringComparison.Ordinal) ? "\r\n" : "\n";
        var line = $"Message-ID: <{messageId}>{newline}";

        var existing = Field().Matches(header);
        string replaced;
        if (existing.Count == 0)
        {
            var separator = header.Length == 0 || header.EndsWith('\n') ? "" : newline;
            replaced = header + separator + line;
        }
        else
        {
            replaced = Field().Replace(header, match => match.Index == existing[0].Index ? line : "");
        }

        return Encoding.Latin1.GetBytes(replaced + text[headerEnd..]);
    }

    /// <summary>Whether a <c>rfc822msgid:</c> value names the message: exactly, with or without the angle brackets.</summary>
    public static bool Matches(string? messageId, string searched) =>
        messageId is not null && messageId.Equals(WithoutBrackets(searched), StringComparison.Ordinal);

    private static string WithoutBrackets(string value) =>
        value.Length >= 2 && value[0] == '<' && value[^1] == '>' ? value[1..^1] : value;

    // The end of the header block: the line break just before the empty line, or the very start for a bodyless header.
    [GeneratedRegex(@"\n\r?\n")]
    private static partial Regex HeaderEnd();

    // A Message-ID field with its folded continuation lines.
    [GeneratedRegex(@"^Message-ID[ \t]*:[^\n]*(?:\n|\z)(?:[ \t][^\n]*(?:\n|\z))*", RegexOptions.IgnoreCase | RegexOptions.Multiline)]
    private static partial Regex Field();
}
