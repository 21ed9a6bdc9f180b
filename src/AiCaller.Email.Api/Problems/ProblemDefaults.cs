using AiCaller.Email.Grains.Problems;

namespace AiCaller.Email.Api.Problems;

/// <summary>Gives every problem answer a <c>code</c>, including the framework's own (404 route, 405 method).</summary>
public static class ProblemDefaults
{
    public static void AddCode(ProblemDetailsContext context)
    {
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
