using AiCaller.Email.Grains.Problems;

namespace AiCaller.Email.Api.Problems;

/// <summary>
/// Gives every problem answer a <c>code</c> and a <c>detail</c>, including the framework's own (404 route,
/// 405 method, 415 media type), which come without a detail.
/// </summary>
public static class ProblemDefaults
{
    public static void AddCodeAndDetail(ProblemDetailsContext context)
    {
        var request = context.HttpContext.Request;
        context.ProblemDetails.Detail ??= context.ProblemDetails.Status switch
        {
            StatusCodes.Status404NotFound => $"There is no {request.Method} {request.Path}",
            StatusCodes.Status405MethodNotAllowed => $"{request.Method} is not allowed on {request.Path}; allowed: {context.HttpContext.Response.Headers.Allow}",
            StatusCodes.Status415UnsupportedMediaType => ProblemResponses.NotJsonDetail(request.ContentType),
            _ => null,
        };

        if (context.ProblemDetails.Extensions.ContainsKey("code"))
        {
            return;
        }

        var code = context.ProblemDetails.Status switch
        {
            StatusCodes.Status401Unauthorized => ProblemCode.Unauthorized,
            StatusCodes.Status404NotFound => ProblemCode.NotFound,
            StatusCodes.Status413PayloadTooLarge => ProblemCode.TooLarge,
            _ => ProblemCode.InvalidRequest,
        };
        context.ProblemDetails.Extensions["code"] = code.ToSlug();
    }
}
