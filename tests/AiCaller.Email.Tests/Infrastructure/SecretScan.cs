using System.Text;

namespace AiCaller.Email.Tests.Infrastructure;

/// <summary>
/// Looks for secrets in stored bytes in every form in which a store could leave them readable without a key: as text
/// (UTF-8, UTF-16), URL-encoded, as hex (the form pg_dump gives bytea columns) and as base64 or base64url at any alignment.
/// </summary>
public static class SecretScan
{
    /// <summary>Base64 runs shorter than this would turn up in unrelated base64 by chance.</summary>
    private const int ShortestBase64 = 8;

    /// <returns>One line per secret and form found; empty when none is there.</returns>
    public static IReadOnlyList<string> Find(IReadOnlyList<byte[]> stored, IEnumerable<string> secrets)
    {
        var found = new List<string>();
        foreach (var secret in secrets)
        {
            foreach (var (form, needle) in Forms(secret))
            {
                if (stored.Any(bytes => bytes.AsSpan().IndexOf(needle) >= 0))
                {
                    found.Add($"'{secret[..Math.Min(secret.Length, 12)]}…' as {form}");
                }
            }
        }

        return found;
    }

    private static IEnumerable<(string Form, byte[] Needle)> Forms(string secret)
    {
        var utf8 = Encoding.UTF8.GetBytes(secret);
        yield return ("UTF-8", utf8);
        yield return ("UTF-16LE", Encoding.Unicode.GetBytes(secret));
        yield return ("UTF-16BE", Encoding.BigEndianUnicode.GetBytes(secret));
        yield return ("hex", Encoding.ASCII.GetBytes(Convert.ToHexStringLower(utf8)));
        yield return ("HEX", Encoding.ASCII.GetBytes(Convert.ToHexString(utf8)));
        if (Uri.EscapeDataString(secret) is var escaped && escaped != secret)
        {
            // As a URL carries it: a Google authorization code ("4/0A...") in a callback's query.
            yield return ("URL-encoded", Encoding.ASCII.GetBytes(escaped));
        }

        foreach (var run in Base64Runs(utf8))
        {
            yield return ("base64", Encoding.ASCII.GetBytes(run));
            yield return ("base64url", Encoding.ASCII.GetBytes(run.Replace('+', '-').Replace('/', '_')));
        }
    }

    /// <summary>
    /// The characters that encode only the secret's own bits when it starts 0, 1 or 2 bytes into a group of three: the
    /// first group (shared with what precedes it) and the last incomplete one (shared with what follows) are left out.
    /// </summary>
    private static IEnumerable<string> Base64Runs(byte[] secret)
    {
        for (var offset = 0; offset < 3; offset++)
        {
            var encoded = Convert.ToBase64String([.. new byte[offset], .. secret]);
            var start = offset == 0 ? 0 : 4;
            var end = (offset + secret.Length) / 3 * 4;
            if (end - start >= ShortestBase64)
            {
                yield return encoded[start..end];
            }
        }
    }
}
