using System.Net.Http.Headers;
using System.Text;
using AiCaller.Email.ProviderEmulator.RequestLog;
using Microsoft.Extensions.Primitives;

namespace AiCaller.Email.ProviderEmulator.Google;

/// <summary>oauth2.googleapis.com/token: the authorization_code and refresh_token grants.</summary>
public static class TokenApi
{
    public static IEndpointRouteBuilder MapGoogleToken(this IEndpointRouteBuilder app)
    {
        app.MapPost("/token", ExchangeAsync).ExcludeFromDescription();
        app.MapPost("/o/oauth2/token", ExchangeAsync).ExcludeFromDescription();
        return app;
    }

    private static async Task<IResult> ExchangeAsync(HttpContext context, GoogleIdentityStore identity, TimeProvider clock)
    {
        if (!context.Request.HasFormContentType)
        {
            return OAuthJsonResult.Error(OAuthError.InvalidRequest("Bad Request"));
        }

        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var (clientId, clientSecret) = ClientCredentials(context.Request, form);
        var grantType = form["grant_type"].ToString();

        var outcome = grantType switch
        {
            "authorization_code" => Authenticated(identity, clientId, clientSecret) ?? RedeemCode(identity, form, clientId!),
            "refresh_token" => Authenticated(identity, clientId, clientSecret) ?? Refresh(identity, form, clientId!),
            "" => TokenOutcome.Failure(OAuthError.InvalidRequest("Missing required parameter: grant_type")),
            _ => TokenOutcome.Failure(new OAuthError(400, "unsupported_grant_type", $"Invalid grant_type: {grantType}")),
        };

        context.AnnotateUser(outcome.Email);
        if (outcome.Tokens is not { } tokens)
        {
            return OAuthJsonResult.Error(outcome.Error!);
        }

        var idToken = GoogleScopes.WantsIdToken(tokens.Scopes)
            ? IdTokens.Create(tokens.Email, tokens.ClientId, clock.GetUtcNow(), tokens.ExpiresIn)
            : null;
        return new OAuthJsonResult(200, new TokenResponse(tokens.AccessToken, tokens.ExpiresIn, tokens.RefreshToken,
            GoogleScopes.Format(tokens.Scopes), "Bearer", idToken));
    }

    private static TokenOutcome? Authenticated(GoogleIdentityStore identity, string? clientId, string? clientSecret) =>
        identity.AuthenticateClient(clientId, clientSecret) is { } error ? TokenOutcome.Failure(error) : null;

    private static TokenOutcome RedeemCode(GoogleIdentityStore identity, IFormCollection form, string clientId)
    {
        var code = form["code"].ToString();
        return code.Length == 0
            ? TokenOutcome.Failure(OAuthError.InvalidRequest("Missing required parameter: code"))
            : identity.RedeemCode(code, clientId, NullIfEmpty(form["redirect_uri"]), NullIfEmpty(form["code_verifier"]));
    }

    private static TokenOutcome Refresh(GoogleIdentityStore identity, IFormCollection form, string clientId)
    {
        var refreshToken = form["refresh_token"].ToString();
        return refreshToken.Length == 0
            ? TokenOutcome.Failure(OAuthError.InvalidRequest("Missing required parameter: refresh_token"))
            : identity.Refresh(refreshToken, clientId);
    }

    /// <summary>client_secret_basic wins over client_secret_post when both are present, as RFC 6749 prefers.</summary>
    private static (string? ClientId, string? ClientSecret) ClientCredentials(HttpRequest request, IFormCollection form)
    {
        if (AuthenticationHeaderValue.TryParse(request.Headers.Authorization, out var header)
            && header.Scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase) && header.Parameter is { } parameter)
        {
            try
            {
                var pair = Encoding.UTF8.GetString(Convert.FromBase64String(parameter));
                var colon = pair.IndexOf(':');
                if (colon > 0)
                {
                    return (Uri.UnescapeDataString(pair[..colon]), Uri.UnescapeDataString(pair[(colon + 1)..]));
                }
            }
            catch (FormatException)
            {
                // A garbled Basic header counts as no credentials; the form may still carry them.
            }
        }

        return (NullIfEmpty(form["client_id"]), NullIfEmpty(form["client_secret"]));
    }

    private static string? NullIfEmpty(StringValues value) =>
        string.IsNullOrEmpty(value.ToString()) ? null : value.ToString();
}
