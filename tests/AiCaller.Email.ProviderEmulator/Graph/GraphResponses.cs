using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AiCaller.Email.ProviderEmulator.Graph;

/// <summary>
/// How Graph writes JSON: the OData content type, nulls written out (<c>"mail": null</c>), and the
/// <c>request-id</c>/<c>client-request-id</c> headers that error bodies repeat in <c>innerError</c>.
/// </summary>
public static class GraphResponses
{
    public const string ContentType = "application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8";

    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    /// <summary>This request's ids, set as response headers on first use. client-request-id echoes the caller's when sent.</summary>
    public static (string RequestId, string ClientRequestId) Ids(HttpContext context)
    {
        if (context.Items[typeof(GraphResponses)] is not ValueTuple<string, string> ids)
        {
            var requestId = Guid.NewGuid().ToString("D");
            var clientRequestId = context.Request.Headers["client-request-id"].ToString() is { Length: > 0 } sent ? sent : requestId;
            ids = (requestId, clientRequestId);
            context.Items[typeof(GraphResponses)] = ids;
            context.Response.Headers["request-id"] = requestId;
            context.Response.Headers["client-request-id"] = clientRequestId;
        }

        return ids;
    }

    public static IResult Json(JsonNode body, int status = 200) => new GraphJsonResult(status, body, null);

    public static IResult Created(JsonNode body, string location) => new GraphJsonResult(201, body, location);

    public static IResult Accepted() => new GraphJsonResult(202, null, null);

    public static string Date(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private sealed class GraphJsonResult(int status, JsonNode? body, string? location) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            Ids(httpContext);
            var response = httpContext.Response;
            response.StatusCode = status;
            if (location is not null)
            {
                response.Headers.Location = location;
            }

            if (body is null)
            {
                response.ContentLength = 0;
                return;
            }

            response.ContentType = ContentType;
            await response.WriteAsync(body.ToJsonString(Options), httpContext.RequestAborted);
        }
    }
}
