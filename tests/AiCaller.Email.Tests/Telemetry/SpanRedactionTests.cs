using System.Diagnostics;
using AiCaller.Email.Grains.Telemetry;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;

namespace AiCaller.Email.Tests.Telemetry;

/// <summary>What of a URL an HTTP span keeps: never its query, its fragment or user info, nor a path that is a secret.</summary>
public sealed class SpanRedactionTests
{
    private static readonly SpanRedaction Redaction = new(["/connect/{token}"]);

    [Theory]
    [InlineData("https://oauth2.googleapis.com/revoke?token=1//0refresh", "https://oauth2.googleapis.com/revoke")]
    [InlineData("https://gmail.googleapis.com/gmail/v1/users/me/messages?q=from:ana&pageToken=abc", "https://gmail.googleapis.com/gmail/v1/users/me/messages")]
    [InlineData("http://127.0.0.1:9100/v1.0/me/messages?$top=10#x", "http://127.0.0.1:9100/v1.0/me/messages")]
    [InlineData("https://user:secret@graph.microsoft.com/v1.0/me", "https://graph.microsoft.com/v1.0/me")]
    [InlineData("https://graph.microsoft.com/v1.0/me/sendMail", "https://graph.microsoft.com/v1.0/me/sendMail")]
    public void A_url_keeps_scheme_host_port_and_path(string url, string kept) =>
        Assert.Equal(kept, SpanRedaction.WithoutQuery(new Uri(url)));

    [Theory]
    // The link's route matched: its template stands for the token.
    [InlineData("/connect/CfDJ8secret", "/connect/{token}", "/connect/{token}")]
    [InlineData("/connect/CfDJ8secret", "connect/{token}", "/connect/{token}")]
    // Another route under the same prefix keeps its path.
    [InlineData("/connect/done", "/connect/done", "/connect/done")]
    [InlineData("/api/gmail/accounts/a1/send", "/api/gmail/accounts/{account}/send", "/api/gmail/accounts/a1/send")]
    // No route of ours (a wrong method, an exception handled after the endpoint was cleared): judged by the path.
    [InlineData("/connect/CfDJ8secret", null, "/connect/{token}")]
    [InlineData("/connect/done", null, "/connect/{token}")]
    [InlineData("/api/gmail/status", null, "/api/gmail/status")]
    public void A_secret_path_is_shown_as_its_route(string path, string? matchedRoute, string shown)
    {
        var context = new DefaultHttpContext();
        context.Request.Path = path;
        context.Request.QueryString = new QueryString("?code=4/0secret&state=s");
        if (matchedRoute is not null)
        {
            context.SetEndpoint(new RouteEndpoint(_ => Task.CompletedTask, RoutePatternFactory.Parse(matchedRoute), 0, EndpointMetadataCollection.Empty, matchedRoute));
        }

        using var span = new Activity("request").Start();
        span.SetTag(SpanRedaction.UrlPath, path);
        span.SetTag(SpanRedaction.UrlQuery, context.Request.QueryString.Value);

        SpanRedaction.IncomingRequest(span, context.Request);
        Redaction.IncomingResponse(span, context.Response);

        Assert.Equal(shown, span.GetTagItem(SpanRedaction.UrlPath));
        Assert.Null(span.GetTagItem(SpanRedaction.UrlQuery));
    }
}
