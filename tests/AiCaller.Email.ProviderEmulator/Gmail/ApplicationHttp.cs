using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;

namespace AiCaller.Email.ProviderEmulator.Gmail;

/// <summary>
/// HTTP/1.1 messages as text inside a MIME part (<c>application/http</c>), as Google's batch endpoints carry their calls
/// and answers: a request line or status line, header lines, an empty line, the body.
/// </summary>
public static class ApplicationHttp
{
    private static readonly byte[] LineBreak = "\r\n"u8.ToArray();

    /// <summary>The request in <paramref name="text"/>; the HTTP version may be left out, as Google's own examples do.</summary>
    /// <exception cref="FormatException">The text does not start with a request line.</exception>
    public static InnerRequest ParseRequest(byte[] text)
    {
        var (headerEnd, bodyStart) = HeaderBlock(text);
        var lines = Encoding.Latin1.GetString(text, 0, headerEnd).Split('\n').Select(l => l.TrimEnd('\r')).SkipWhile(l => l.Length == 0).ToArray();
        var requestLine = lines.FirstOrDefault()?.Split(' ', StringSplitOptions.RemoveEmptyEntries) ?? [];
        if (requestLine.Length is < 2 or > 3 || (requestLine.Length == 3 && !requestLine[2].StartsWith("HTTP/", StringComparison.Ordinal)))
        {
            throw new FormatException($"not an HTTP request line: '{lines.FirstOrDefault()}'");
        }

        var headers = lines.Skip(1).Where(l => l.Length > 0).Select(l => l.Split(':', 2)).Where(h => h.Length == 2)
            .Select(h => KeyValuePair.Create(h[0].Trim(), h[1].Trim())).ToArray();
        var body = text.AsSpan(bodyStart);
        if (headers.FirstOrDefault(h => h.Key.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)).Value is { } length
            && int.TryParse(length, NumberStyles.None, CultureInfo.InvariantCulture, out var declared) && declared <= body.Length)
        {
            body = body[..declared];
        }
        else
        {
            body = body.TrimEnd(LineBreak);
        }

        return new InnerRequest(requestLine[0].ToUpperInvariant(), requestLine[1], headers, body.ToArray());
    }

    /// <summary>A response as Google writes one into a batch answer: status line, headers, Content-Length, body.</summary>
    public static byte[] Response(int status, IHeaderDictionary headers, byte[] body)
    {
        var head = new StringBuilder($"HTTP/1.1 {status} {ReasonPhrases.GetReasonPhrase(status)}\r\n");
        foreach (var (name, values) in headers.Where(h => !h.Key.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)))
        {
            foreach (var value in values)
            {
                head.Append(CultureInfo.InvariantCulture, $"{name}: {value}\r\n");
            }
        }

        head.Append(CultureInfo.InvariantCulture, $"Content-Length: {body.Length}\r\n\r\n");
        return [.. Encoding.Latin1.GetBytes(head.ToString()), .. body];
    }

    // Where the header lines end and the body begins; a bare LF is taken for CRLF, as HTTP parsers do.
    private static (int HeaderEnd, int BodyStart) HeaderBlock(byte[] text)
    {
        var crlf = text.AsSpan().IndexOf("\r\n\r\n"u8);
        var lf = text.AsSpan().IndexOf("\n\n"u8);
        return (crlf, lf) switch
        {
            ( >= 0, _) when lf < 0 || crlf < lf => (crlf, crlf + 4),
            (_, >= 0) => (lf, lf + 2),
            _ => (text.Length, text.Length),
        };
    }
}
