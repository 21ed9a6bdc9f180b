using AiCaller.Email.ProviderEmulator.RequestLog;

namespace AiCaller.Email.ProviderEmulator.Google;

/// <summary>oauth2.googleapis.com/revoke: the token comes in the query (Google.Apis.Auth) or in a form body.</summary>
public static class RevokeApi
{
    public static IEndpointRouteBuilder MapGoogleRevoke(this IEndpointRouteBuilder app)
    {
        app.MapPost("/revoke", RevokeAsync).ExcludeFromDescription();
        app.MapPost("/o/oauth2/revoke", RevokeAsync).ExcludeFromDescription();
        return app;
    }

    private static async Task<IResult> RevokeAsync(HttpContext context, GoogleIdentityStore identity)
    {
        var token = context.Request.Query["token"].ToString();
        if (token.Length == 0 && context.Request.HasFormContentType)
        {
            token = (await context.Request.ReadFormAsync(context.RequestAborted))["token"].ToString();
        }

        if (token.Length == 0)
        {
            return OAuthJsonResult.Error(OAuthError.InvalidRequest("Missing required parameter: token"));
        }

        if (!identity.Revoke(token, out var email))
        {
            return OAuthJsonResult.Error(OAuthError.InvalidToken);
        }

        context.AnnotateUser(email);
        return new OAuthJsonResult(200, new Dictionary<string, string>());
    }
}
