using System.Text;
using System.Text.Json;

namespace AiCaller.Email.Benchmarks.Hosting;

/// <summary>One call the product made to the provider stand-in, as its calls log wrote it, body included.</summary>
public sealed record LoggedCall(string Method, string PathAndQuery, int Status, string? ContentType, long? ContentLength, byte[]? Body)
{
    /// <summary>
    /// Parses a line of the <c>calls</c> log format: method, URI, status, content type, content length and body,
    /// tab-separated, each escaped as the inside of a JSON string (nginx's <c>escape=json</c>).
    /// </summary>
    public static LoggedCall Parse(string line)
    {
        var fields = line.Split('\t').Select(Unescape).ToArray();
        if (fields.Length != 6 || !int.TryParse(fields[2], out var status))
        {
            throw new FormatException($"not a line of the calls log: '{line}'");
        }

        // A variable without a value is written as an empty string.
        return new LoggedCall(
            fields[0],
            fields[1],
            status,
            fields[3] is "" ? null : fields[3],
            long.TryParse(fields[4], out var length) ? length : null,
            fields[5] is "" ? null : Encoding.UTF8.GetBytes(fields[5]));
    }

    private static string Unescape(string field) => JsonSerializer.Deserialize<string>($"\"{field}\"") ?? string.Empty;
}
