using System.Security.Cryptography;
using AiCaller.Email.ProviderEmulator.Faults;
using AiCaller.Email.ProviderEmulator.Google;
using AiCaller.Email.ProviderEmulator.RequestLog;
using MimeKit;

namespace AiCaller.Email.ProviderEmulator.Gmail;

/// <summary>
/// <c>POST /batch/gmail/v1</c>, after developers.google.com/gmail/api/guides/batch: a multipart/mixed body of
/// <c>application/http</c> parts, each one Gmail call. Every call runs through the same endpoint as a direct call, with
/// the outer request's headers (its Authorization among them) except the Content- ones, unless the call sets its own.
/// The answer is 200 multipart/mixed, one <c>application/http</c> part per call in the calls' order, each with the call's
/// own status, headers and JSON, and a Content-ID of <c>response-</c> followed by the call's.
/// </summary>
public static class BatchApi
{
    /// <summary>Gmail takes at most this many calls in a batch, and refuses the whole batch beyond it.</summary>
    public const int MaxCalls = 100;

    private static readonly string[] NotPassedOn = ["Connection", "Transfer-Encoding", "Expect", "Keep-Alive", "Upgrade"];

    public static async Task HandleAsync(HttpContext context, GmailRoutes routes, FaultInjector faults)
    {
        var calls = await ReadCallsAsync(context);
        if (calls.Failure is { } failure)
        {
            await failure.ExecuteAsync(context);
            return;
        }

        var annotations = context.Features.Get<RequestAnnotations>();
        var log = new List<RequestLogPart>();
        var boundary = Boundary();
        using var answer = new MultipartContent("mixed", boundary);
        foreach (var (contentId, text) in calls.Parts)
        {
            var inner = NewInnerContext(context);
            var (call, unreadable) = Parse(text);
            await (call is null ? unreadable!.ExecuteAsync(inner) : AnswerAsync(inner, call, routes, faults));

            var body = ((MemoryStream)inner.Response.Body).ToArray();
            var part = new ByteArrayContent(ApplicationHttp.Response(inner.Response.StatusCode, inner.Response.Headers, body));
            part.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/http");
            part.Headers.TryAddWithoutValidation("Content-ID", ResponseContentId(contentId));
            answer.Add(part);
            var (path, query) = call?.PathAndQuery ?? (PathString.Empty, QueryString.Empty);
            log.Add(new RequestLogPart(call?.Method ?? "", path.Value ?? "", query.Value ?? "", inner.Response.StatusCode));
        }

        if (annotations is not null)
        {
            annotations.Parts = log;
        }

        context.Response.StatusCode = StatusCodes.Status200OK;
        // As Google writes it: the boundary unquoted although it holds '=', which RFC 2045 would have quoted.
        context.Response.ContentType = $"multipart/mixed; boundary={boundary}";
        await answer.CopyToAsync(context.Response.Body, context.RequestAborted);
    }

    private static async Task<(IReadOnlyList<(string? ContentId, byte[] Text)> Parts, GoogleApiError? Failure)> ReadCallsAsync(HttpContext context)
    {
        if (!ContentType.TryParse(context.Request.ContentType ?? "", out var contentType) || !contentType.IsMimeType("multipart", "mixed"))
        {
            return ([], GoogleApiError.InvalidBatch("A batch request must be multipart/mixed"));
        }

        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body, context.RequestAborted);
        body.Position = 0;
        if (await MimeEntity.LoadAsync(contentType, body, context.RequestAborted) is not Multipart multipart || multipart.Count == 0)
        {
            return ([], GoogleApiError.InvalidBatch("A batch request must hold at least one application/http part"));
        }

        if (multipart.Count > MaxCalls)
        {
            return ([], GoogleApiError.TooManyInnerRequests(multipart.Count, MaxCalls));
        }

        var parts = new List<(string?, byte[])>();
        foreach (var entity in multipart)
        {
            if (entity is not MimePart { Content: not null } part || !part.ContentType.IsMimeType("application", "http"))
            {
                return ([], GoogleApiError.InvalidBatch($"Each batch part must be application/http, not {entity.ContentType.MimeType}"));
            }

            using var text = new MemoryStream();
            await part.Content.DecodeToAsync(text, context.RequestAborted);
            parts.Add((part.Headers[HeaderId.ContentId], text.ToArray()));
        }

        return (parts, null);
    }

    private static (InnerRequest? Call, GoogleApiError? Unreadable) Parse(byte[] text)
    {
        try
        {
            return (ApplicationHttp.ParseRequest(text), null);
        }
        catch (FormatException e)
        {
            return (null, GoogleApiError.InvalidArgument($"Invalid batch part: {e.Message}"));
        }
    }

    /// <summary>A context for one call: the outer request's services, cancellation, log annotations and headers.</summary>
    private static DefaultHttpContext NewInnerContext(HttpContext outer)
    {
        var inner = new DefaultHttpContext { RequestServices = outer.RequestServices, RequestAborted = outer.RequestAborted };
        inner.Features.Set(outer.Features.Get<RequestAnnotations>());
        foreach (var (name, value) in outer.Request.Headers)
        {
            if (!name.StartsWith("Content-", StringComparison.OrdinalIgnoreCase) && !NotPassedOn.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                inner.Request.Headers[name] = value;
            }
        }

        inner.Response.Body = new MemoryStream();
        return inner;
    }

    private static async Task AnswerAsync(DefaultHttpContext inner, InnerRequest call, GmailRoutes routes, FaultInjector faults)
    {
        var (path, query) = call.PathAndQuery;
        inner.Request.Method = call.Method;
        inner.Request.Path = path;
        inner.Request.QueryString = query;
        foreach (var (name, value) in call.Headers)
        {
            inner.Request.Headers[name] = value;
        }

        inner.Request.Body = new MemoryStream(call.Body);
        inner.Request.ContentLength = call.Body.Length;

        if (!call.Target.StartsWith('/'))
        {
            await GoogleApiError.InvalidArgument("A batch part must give only the path of the URL").ExecuteAsync(inner);
            return;
        }

        if (faults.TryTake(RequestTarget.Gmail, path, innerCall: true) is { } rule)
        {
            if (rule.DelayMs is int delay && delay > 0)
            {
                await Task.Delay(delay, inner.RequestAborted);
            }

            if (rule.Status != 0)
            {
                await FaultMiddleware.AnswerAsync(inner, RequestTarget.Gmail, rule);
                return;
            }
        }

        if (!routes.TryMatch(call.Method, path, out var endpoint, out var values))
        {
            await GoogleApiError.NotFound.ExecuteAsync(inner);
            return;
        }

        inner.Request.RouteValues = values;
        inner.SetEndpoint(endpoint);
        await endpoint!.RequestDelegate!(inner);
    }

    /// <summary>A boundary shaped like Google's, e.g. <c>batch_pK7JBAk73-E=_AA5eFwv4m2Q=</c>.</summary>
    private static string Boundary() =>
        $"batch_{Base64Url.Encode(RandomNumberGenerator.GetBytes(8), padded: true)}_{Base64Url.Encode(RandomNumberGenerator.GetBytes(8), padded: true)}";

    // Google's answer repeats the call's Content-ID after "response-", inside the angle brackets when it had them.
    private static string ResponseContentId(string? contentId)
    {
        var value = contentId?.Trim() ?? "";
        return value.StartsWith('<') && value.EndsWith('>') ? $"<response-{value[1..^1]}>" : $"response-{value}";
    }
}
