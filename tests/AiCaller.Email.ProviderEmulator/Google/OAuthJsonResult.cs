using System.Text.Json;

namespace AiCaller.Email.ProviderEmulator.Google;

/// <summary>JSON written the way oauth2.googleapis.com writes it: charset in the content type and no caching.</summary>
public sealed class OAuthJsonResult(int status, object body) : IResult
{
    private static readonly JsonSerializerOptions Options = new()
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    public static OAuthJsonResult Error(OAuthError error) =>
        new(error.Status, new Dictionary<string, string> { ["error"] = error.Error, ["error_description"] = error.Description });

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = status;
        response.ContentType = "application/json; charset=utf-8";
        response.Headers.CacheControl = "no-cache, no-store, max-age=0, must-revalidate";
        response.Headers.Pragma = "no-cache";
        response.Headers.Expires = "Mon, 01 Jan 1990 00:00:00 GMT";
        await JsonSerializer.SerializeAsync(response.Body, body, body.GetType(), Options, httpContext.RequestAborted);
    }
}
