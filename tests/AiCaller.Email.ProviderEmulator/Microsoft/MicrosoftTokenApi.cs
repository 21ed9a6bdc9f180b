using System.Net.Http.Headers;
using System.Text;
using AiCaller.Email.ProviderEmulator.RequestLog;
using Microsoft.Extensions.Primitives;

namespace AiCaller.Email.ProviderEmulator.Microsoft;

/// <summary>
/// login.microsoftonline.com/{tenant}/oauth2/v2.0/token for any tenant segment: MSAL redeems codes at the app's
/// authority (e.g. /common) but refreshes at the user's home tenant id.
/// </summary>
public static class MicrosoftTokenApi
{
    public static IEndpointRouteBuilder MapMicrosoftToken(this IEndpointRouteBuilder app)
    {
        app.MapPost("/{tenant}/oauth2/v2.0/token", ExchangeAsync).ExcludeFromDescription();
        return app;
    }

    private static async Task<IResult> ExchangeAsync(string tenant, HttpContext context, MicrosoftIdentityStore identity, TimeProvider clock)
    {
        if (!MicrosoftAuthorizeRequest.IsTenant(tenant))
        {
            return AadJsonResult.Error(AadError.UnknownTenant(tenant), context, clock.GetUtcNow());
        }

        if (!context.Request.HasFormContentType)
        {
            return AadJsonResult.Error(AadError.MissingParameter("grant_type"), context, clock.GetUtcNow());
        }

        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var (clientId, clientSecret) = ClientCredentials(context.Request, form);
        var grantType = form["grant_type"].ToString();
        var scopes = GraphScopes.Parse(form["scope"].ToString());

        var outcome = grantType switch
        {
            "" => MicrosoftTokenOutcome.Failure(AadError.MissingParameter("grant_type")),
            "authorization_code" or "refresh_token" when ScopeProblem(scopes) is { } problem => MicrosoftTokenOutcome.Failure(problem),
            "authorization_code" => Authenticated(identity, clientId, clientSecret, tenant) ?? RedeemCode(identity, form, clientId!, scopes),
            "refresh_token" => Authenticated(identity, clientId, clientSecret, tenant) ?? Refresh(identity, form, clientId!, scopes),
            _ => MicrosoftTokenOutcome.Failure(AadError.UnsupportedGrantType),
        };

        context.AnnotateUser(outcome.Email);
        if (outcome.Tokens is not { } tokens)
        {
            return AadJsonResult.Error(outcome.Error!, context, clock.GetUtcNow());
        }

        var wantsIdToken = tokens.RequestedScopes.Contains(GraphScopes.OpenId, StringComparer.OrdinalIgnoreCase);
        return new AadJsonResult(200, new MicrosoftTokenResponse(
            "Bearer",
            GraphScopes.Format(tokens.Permissions, tokens.RequestedScopes),
            tokens.ExpiresIn,
            tokens.ExpiresIn,
            tokens.AccessToken,
            tokens.RefreshToken,
            wantsIdToken ? MicrosoftJwts.IdToken(tokens.User, tokens.ClientId, clock.GetUtcNow(), tokens.ExpiresIn) : null,
            form["client_info"] == "1" ? MicrosoftJwts.ClientInfo(tokens.User) : null));
    }

    private static AadError? ScopeProblem(IReadOnlyList<string> scopes)
    {
        GraphScopes.GraphPermissions(scopes, out var invalid);
        return invalid is null ? null : AadError.InvalidScope(invalid);
    }

    private static MicrosoftTokenOutcome? Authenticated(MicrosoftIdentityStore identity, string? clientId, string? clientSecret, string tenant) =>
        identity.AuthenticateClient(clientId, clientSecret, tenant) is { } error ? MicrosoftTokenOutcome.Failure(error) : null;

    private static MicrosoftTokenOutcome RedeemCode(MicrosoftIdentityStore identity, IFormCollection form, string clientId, IReadOnlyList<string> scopes)
    {
        var code = form["code"].ToString();
        return code.Length == 0
            ? MicrosoftTokenOutcome.Failure(AadError.MissingParameter("code"))
            : identity.RedeemCode(code, clientId, NullIfEmpty(form["redirect_uri"]), NullIfEmpty(form["code_verifier"]), scopes);
    }

    private static MicrosoftTokenOutcome Refresh(MicrosoftIdentityStore identity, IFormCollection form, string clientId, IReadOnlyList<string> scopes)
    {
        var refreshToken = form["refresh_token"].ToString();
        return refreshToken.Length == 0
            ? MicrosoftTokenOutcome.Failure(AadError.MissingParameter("refresh_token"))
            : identity.Refresh(refreshToken, clientId, scopes);
    }

    /// <summary>client_secret_basic or client_secret_post; Basic wins when both are present.</summary>
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

    private static string? NullIfEmpty(StringValues value) => string.IsNullOrEmpty(value.ToString()) ? null : value.ToString();
}
