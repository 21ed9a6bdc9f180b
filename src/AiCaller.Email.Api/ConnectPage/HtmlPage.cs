using System.Net;
using System.Text;

namespace AiCaller.Email.Api.ConnectPage;

/// <summary>
/// What a person in a browser sees: small pages that say in words what happened, sent with headers that keep them out
/// of caches, frames and Referer headers (a connect link's token is in its URL), and that run no script but ours.
/// </summary>
public static class HtmlPage
{
    private const string StyleSheet = "/connect-page/app.css";

    /// <summary>A page with a heading, one message and, below it, an optional hint; every text is HTML-encoded here.</summary>
    public static IResult Message(int status, string title, string message, string? hint = null) =>
        Document(status, title, $"""
            <p class="outcome" role="status">{Encode(message)}</p>
            {(hint is null ? string.Empty : $"<p>{Encode(hint)}</p>")}
            """);

    /// <summary>A page around <paramref name="bodyHtml"/>, which the caller has encoded.</summary>
    /// <param name="formLeavesSite">The page's form is answered with a redirect to another site (a provider's consent).</param>
    public static IResult Document(int status, string title, string bodyHtml, bool formLeavesSite = false)
    {
        var html = $"""
            <!doctype html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{Encode(title)} – AiCaller.Email</title>
            <link rel="stylesheet" href="{StyleSheet}">
            </head>
            <body>
            <main class="message-page">
            <h1>{Encode(title)}</h1>
            {bodyHtml}
            </main>
            </body>
            </html>
            """;
        return new PageResult(status, Encoding.UTF8.GetBytes(html), "text/html; charset=utf-8", formLeavesSite);
    }

    /// <summary>A file of the connect page, with the same headers.</summary>
    public static IResult Asset(byte[] content, string contentType) => new PageResult(StatusCodes.Status200OK, content, contentType, FormLeavesSite: false);

    /// <summary>303: the browser follows with a GET, also after a form post.</summary>
    public static IResult SeeOther(string url) => new SeeOtherResult(url);

    public static string Encode(string text) => WebUtility.HtmlEncode(text);

    private static void AddHeaders(HttpResponse response, bool formLeavesSite)
    {
        var headers = response.Headers;
        headers.CacheControl = "no-store";
        headers["Referrer-Policy"] = "no-referrer";
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";

        // form-action would also bind the redirect that answers a form, so a page whose form leads to a provider leaves it out.
        headers.ContentSecurityPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; "
            + "base-uri 'none'; frame-ancestors 'none'" + (formLeavesSite ? string.Empty : "; form-action 'self'");
    }

    private sealed record PageResult(int Status, byte[] Content, string ContentType, bool FormLeavesSite) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = Status;
            httpContext.Response.ContentType = ContentType;
            httpContext.Response.ContentLength = Content.Length;
            AddHeaders(httpContext.Response, FormLeavesSite);
            return httpContext.Response.Body.WriteAsync(Content).AsTask();
        }
    }

    private sealed record SeeOtherResult(string Url) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = StatusCodes.Status303SeeOther;
            httpContext.Response.Headers.Location = Url;
            httpContext.Response.Headers.CacheControl = "no-store";
            httpContext.Response.Headers["Referrer-Policy"] = "no-referrer";
            return Task.CompletedTask;
        }
    }
}
