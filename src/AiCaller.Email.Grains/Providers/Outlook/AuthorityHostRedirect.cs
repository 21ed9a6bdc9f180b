using Microsoft.Identity.Client;

namespace AiCaller.Email.Grains.Providers.Outlook;

/// <summary>
/// Sends every request MSAL makes to login.microsoftonline.com to the configured authority host instead,
/// path kept. MSAL refuses http authorities, so the authority stays Microsoft's and the requests are routed.
/// </summary>
public sealed class AuthorityHostRedirect : IMsalHttpClientFactory
{
    private static readonly Uri Microsoft = new(OutlookOptions.DefaultAuthorityHost);
    private readonly HttpClient _http;
    private readonly Uri _target;

    public AuthorityHostRedirect(string authorityHost)
    {
        _target = new Uri(authorityHost.TrimEnd('/') + "/");
        _http = new HttpClient(new RewriteHandler(this) { InnerHandler = new SocketsHttpHandler() });
    }

    public bool IsRedirected => !string.Equals(_target.Authority, Microsoft.Authority, StringComparison.OrdinalIgnoreCase)
        || _target.Scheme != Microsoft.Scheme;

    public HttpClient GetHttpClient() => _http;

    /// <summary>The same URL on the configured authority host (for the consent URL handed to the browser).</summary>
    public Uri Rewrite(Uri uri)
    {
        if (!IsRedirected || !string.Equals(uri.Host, Microsoft.Host, StringComparison.OrdinalIgnoreCase))
        {
            return uri;
        }

        var basePath = _target.AbsolutePath.TrimEnd('/');
        return new UriBuilder(uri) { Scheme = _target.Scheme, Host = _target.Host, Port = _target.Port, Path = basePath + uri.AbsolutePath }.Uri;
    }

    private sealed class RewriteHandler(AuthorityHostRedirect redirect) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            request.RequestUri = redirect.Rewrite(request.RequestUri!);
            return base.SendAsync(request, cancellationToken);
        }
    }
}
