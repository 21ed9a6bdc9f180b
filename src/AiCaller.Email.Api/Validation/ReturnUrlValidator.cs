using AiCaller.Email.Api.Hosting;
using AiCaller.Email.Grains.Hosting;
using AiCaller.Email.Grains.Problems;
using Microsoft.Extensions.Options;

namespace AiCaller.Email.Api.Validation;

/// <summary>
/// Where a browser may be sent back to after a consent (<c>return_url</c> of <c>oauth/start</c> and of connect links):
/// a path on this host ("/..." but not "//..."), or an absolute URL under a prefix of <c>CONNECT_LINK_RETURN_URLS</c>.
/// Nothing else, so that neither a link nor the callback can be made into an open redirect.
/// </summary>
public sealed class ReturnUrlValidator(IOptions<ConnectLinkOptions> options)
{
    public const int MaxLength = 2048;

    private readonly IReadOnlyList<Uri> _prefixes = options.Value.ReturnUrlPrefixes;

    /// <summary>The URL to send the browser to, normalised; null for none.</summary>
    /// <exception cref="MailboxProblemException">invalid_request, naming <paramref name="field"/> and why.</exception>
    public string? Check(string? returnUrl, string field = "return_url")
    {
        if (returnUrl is null)
        {
            return null;
        }

        if (returnUrl.Length is 0 or > MaxLength || returnUrl.Any(c => c <= ' ' || c > '~' || c == '\\') || HasEncodedSeparator(returnUrl))
        {
            throw Invalid($"{field} must be 1 to {MaxLength} printable ASCII characters, without spaces, backslashes or encoded dots and slashes");
        }

        if (returnUrl.StartsWith('/'))
        {
            return returnUrl.StartsWith("//", StringComparison.Ordinal)
                ? throw Invalid($"{field} may be a path on this host, starting with a single '/'")
                : returnUrl;
        }

        if (!Uri.TryCreate(returnUrl, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https") || url.UserInfo.Length > 0)
        {
            throw Invalid($"{field} must be a path on this host starting with '/', or an absolute http(s) URL");
        }

        return _prefixes.Any(prefix => IsUnder(url, prefix))
            ? url.AbsoluteUri
            : throw Invalid(_prefixes.Count == 0
                ? $"{field} may only be a path on this host: no absolute return URL is allowed ({SettingNames.ConnectLinkReturnUrls} is not set)"
                : $"{field} is not under one of the return URLs allowed by {SettingNames.ConnectLinkReturnUrls}");
    }

    /// <summary>An entry of <c>CONNECT_LINK_RETURN_URLS</c>, or null when it cannot be one.</summary>
    public static Uri? ParsePrefix(string entry) =>
        Uri.TryCreate(entry, UriKind.Absolute, out var prefix) && prefix.Scheme is "http" or "https"
            && prefix.UserInfo.Length == 0 && prefix.Query.Length == 0 && prefix.Fragment.Length == 0 && !HasEncodedSeparator(entry)
            ? prefix
            : null;

    // Same origin exactly (scheme, host, port), and the path under the prefix's path at a segment boundary, so that
    // "https://app.example.com/back" allows neither "https://app.example.com.evil.example/" nor "/backdoor".
    private static bool IsUnder(Uri url, Uri prefix)
    {
        if (url.Scheme != prefix.Scheme || !url.IdnHost.Equals(prefix.IdnHost, StringComparison.OrdinalIgnoreCase) || url.Port != prefix.Port)
        {
            return false;
        }

        var root = prefix.AbsolutePath;
        var path = url.AbsolutePath;
        return root.EndsWith('/')
            ? path.StartsWith(root, StringComparison.Ordinal)
            : path == root || path.StartsWith(root + "/", StringComparison.Ordinal);
    }

    // Browsers decode %2e as a dot segment and may treat %2f or %5c as separators; the path compared must be the path followed.
    private static bool HasEncodedSeparator(string url) =>
        url.Contains("%2e", StringComparison.OrdinalIgnoreCase) || url.Contains("%2f", StringComparison.OrdinalIgnoreCase)
        || url.Contains("%5c", StringComparison.OrdinalIgnoreCase);

    private static MailboxProblemException Invalid(string detail) => new(ProblemCode.InvalidRequest, detail);
}
