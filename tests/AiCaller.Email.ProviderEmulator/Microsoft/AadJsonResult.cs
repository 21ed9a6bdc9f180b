using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace AiCaller.Email.ProviderEmulator.Microsoft;

/// <summary>JSON as login.microsoftonline.com writes it: no caching, and the request ids in headers and error bodies.</summary>
public sealed class AadJsonResult(int status, object body) : IResult
{
    private static readonly JsonSerializerOptions Options = new() { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    public static AadJsonResult Error(AadError error, HttpContext context, DateTimeOffset now)
    {
        var traceId = Guid.NewGuid().ToString("D");
        var correlationId = CorrelationId(context);
        var timestamp = now.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var body = new Dictionary<string, object>
        {
            ["error"] = error.Error,
            ["error_description"] = $"AADSTS{error.Code}: {error.Message}\r\nTrace ID: {traceId}\r\nCorrelation ID: {correlationId}\r\nTimestamp: {timestamp}",
            ["error_codes"] = new[] { error.Code },
            ["timestamp"] = timestamp,
            ["trace_id"] = traceId,
            ["correlation_id"] = correlationId,
            ["error_uri"] = $"https://login.microsoftonline.com/error?code={error.Code}",
        };
        if (error.Suberror is not null)
        {
            body["suberror"] = error.Suberror;
        }

        return new AadJsonResult(error.Status, body);
    }

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = status;
        response.ContentType = "application/json; charset=utf-8";
        response.Headers.CacheControl = "no-store, no-cache";
        response.Headers.Pragma = "no-cache";
        response.Headers["x-ms-request-id"] = Guid.NewGuid().ToString("D");
        response.Headers["x-ms-ests-server"] = "2.1.emulator";
        // MSAL asks for its client-request-id back (return-client-request-id: true) and checks it matches.
        if (httpContext.Request.Headers["return-client-request-id"] == "true")
        {
            response.Headers["client-request-id"] = CorrelationId(httpContext);
        }

        await JsonSerializer.SerializeAsync(response.Body, body, body.GetType(), Options, httpContext.RequestAborted);
    }

    /// <summary>The caller's client-request-id, or one made up for this request when it sent none.</summary>
    private static string CorrelationId(HttpContext context)
    {
        if (Guid.TryParse(context.Request.Headers["client-request-id"].ToString(), out var id))
        {
            return id.ToString("D");
        }

        if (context.Items[typeof(AadJsonResult)] is not string made)
        {
            context.Items[typeof(AadJsonResult)] = made = Guid.NewGuid().ToString("D");
        }

        return made;
    }
}
