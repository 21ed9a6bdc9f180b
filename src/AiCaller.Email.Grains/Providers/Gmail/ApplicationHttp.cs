using System.Globalization;
using System.Net;
using System.Text;

namespace AiCaller.Email.Grains.Providers.Gmail;

/// <summary>
/// HTTP/1.1 messages carried as text inside a MIME part (media type <c>application/http</c>), as Gmail's batch endpoint
/// takes its calls and gives its answers: a request line or status line, header lines, an empty line, the body.
/// </summary>
public static class ApplicationHttp
{
    private static readonly byte[] LineBreak = "\r\n"u8.ToArray();

    /// <summary>A request without headers or body, such as a GET whose credentials come from the outer request.</summary>
    public static byte[] Request(HttpMethod method, string pathAndQuery) =>
        Encoding.ASCII.GetBytes($"{method.Method} {pathAndQuery} HTTP/1.1\r\n\r\n");

    /// <summary>The response in <paramref name="text"/>, its headers on the message or its content as HTTP places them.</summary>
    /// <exception cref="FormatException">The text does not start with an HTTP status line.</exception>
    public static HttpResponseMessage ParseResponse(byte[] text)
    {
        var (headerEnd, bodyStart) = HeaderBlock(text);
        var lines = Encoding.Latin1.GetString(text, 0, headerEnd).Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        var status = lines[0].Split(' ', 3);
        if (status.Length < 2 || !status[0].StartsWith("HTTP/", StringComparison.Ordinal)
            || !int.TryParse(status[1], NumberStyles.None, CultureInfo.InvariantCulture, out var code) || code is < 100 or > 599)
        {
            throw new FormatException($"not an HTTP status line: '{lines[0]}'");
        }

        var headers = lines.Skip(1).Where(l => l.Length > 0).Select(l => l.Split(':', 2))
            .Where(h => h.Length == 2).Select(h => (Name: h[0].Trim(), Value: h[1].Trim())).ToArray();
        var body = text.AsSpan(bodyStart);
        if (headers.FirstOrDefault(h => h.Name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)).Value is { } length
            && int.TryParse(length, NumberStyles.None, CultureInfo.InvariantCulture, out var declared) && declared <= body.Length)
        {
            body = body[..declared];
        }
        else
        {
            // Without a length the body runs to the end of the part, whose last line break belongs to the MIME boundary.
            body = body.TrimEnd(LineBreak);
        }

        var response = new HttpResponseMessage((HttpStatusCode)code)
        {
            ReasonPhrase = status.Length == 3 ? status[2] : null,
            Content = new ByteArrayContent(body.ToArray()),
        };
        foreach (var (name, value) in headers.Where(h => !h.Name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)))
        {
            if (!response.Headers.TryAddWithoutValidation(name, value))
            {
                response.Content.Headers.TryAddWithoutValidation(name, value);
            }
        }

        return response;
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
