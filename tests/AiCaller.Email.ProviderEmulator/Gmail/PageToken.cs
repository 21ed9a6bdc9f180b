using System.Globalization;
using System.Text;

namespace AiCaller.Email.ProviderEmulator.Gmail;

/// <summary>
/// An opaque cursor: the sort key of the last item served. A cursor (not an offset) keeps pages stable
/// while new mail arrives between page requests.
/// </summary>
public sealed record PageToken(long SortDate, long Id)
{
    private const string Prefix = "emu1:";

    public string Encode() =>
        Base64Url.Encode(Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{Prefix}{SortDate}:{Id}")), padded: false);

    public static PageToken? TryDecode(string token)
    {
        var bytes = Base64Url.TryDecode(token);
        var text = bytes is null ? "" : Encoding.ASCII.GetString(bytes);
        var parts = text.StartsWith(Prefix, StringComparison.Ordinal) ? text[Prefix.Length..].Split(':') : [];
        return parts.Length == 2
            && long.TryParse(parts[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var date)
            && long.TryParse(parts[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var id)
                ? new PageToken(date, id)
                : null;
    }
}
