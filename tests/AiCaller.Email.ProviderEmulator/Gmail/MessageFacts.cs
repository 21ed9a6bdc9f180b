using System.Net;
using System.Text.RegularExpressions;
using MimeKit;

namespace AiCaller.Email.ProviderEmulator.Gmail;

/// <summary>What search and snippets need from a message, taken once from its MIME when it is stored.</summary>
public sealed partial record MessageFacts(
    string From,
    string To,
    string Cc,
    string Bcc,
    string Subject,
    string Text,
    string Snippet,
    bool HasAttachment,
    IReadOnlyList<string> Recipients,
    string? Rfc822MessageId)
{
    private const int SnippetLength = 200;

    public static MessageFacts Of(MimeMessage message)
    {
        var text = message.TextBody ?? StripHtml(message.HtmlBody ?? "");
        var flat = Whitespace().Replace(text, " ").Trim();
        var snippet = EscapeMarkup(flat.Length > SnippetLength ? flat[..SnippetLength] : flat);
        var recipients = message.To.Mailboxes.Concat(message.Cc.Mailboxes).Concat(message.Bcc.Mailboxes)
            .Select(m => m.Address).ToArray();
        return new MessageFacts(message.From.ToString(), message.To.ToString(), message.Cc.ToString(), message.Bcc.ToString(),
            message.Subject ?? "", text, snippet, message.Attachments.Any(), recipients, message.MessageId);
    }

    // Gmail escapes markup characters in snippets (an apostrophe comes back as &#39;) but leaves other text as is.
    private static string EscapeMarkup(string text) => text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;")
        .Replace("\"", "&quot;").Replace("'", "&#39;");

    private static string StripHtml(string html) => WebUtility.HtmlDecode(Tags().Replace(html, " "));

    [GeneratedRegex(@"<[^>]*>")]
    private static partial Regex Tags();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
