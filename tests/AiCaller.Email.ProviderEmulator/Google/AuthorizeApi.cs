using AiCaller.Email.ProviderEmulator.Gmail;
using AiCaller.Email.ProviderEmulator.RequestLog;
using Microsoft.AspNetCore.WebUtilities;

namespace AiCaller.Email.ProviderEmulator.Google;

/// <summary>accounts.google.com: the authorize endpoint (both of Google's paths) and the emulator's consent decision.</summary>
public static class AuthorizeApi
{
    public static IEndpointRouteBuilder MapGoogleAuthorize(this IEndpointRouteBuilder app)
    {
        app.MapGet("/o/oauth2/v2/auth", ShowConsent).ExcludeFromDescription();
        app.MapGet("/o/oauth2/auth", ShowConsent).ExcludeFromDescription();
        app.MapPost(ConsentPage.DecisionPath, DecideAsync).ExcludeFromDescription();
        return app;
    }

    private static IResult ShowConsent(HttpContext context, GoogleIdentityStore identity)
    {
        var request = AuthorizeRequest.Parse(context.Request.Query);
        if (request.Validate(identity) is { } problem)
        {
            return ConsentPage.Error(problem);
        }

        return request.Prompt.Contains("none")
            ? AuthorizeSilently(context, identity, request)
            : ConsentPage.Consent(identity.FindClient(request.ClientId)!, request);
    }

    // prompt=none succeeds only for a user (named by login_hint) who already granted every requested scope.
    private static IResult AuthorizeSilently(HttpContext context, GoogleIdentityStore identity, AuthorizeRequest request)
    {
        var email = request.LoginHint;
        if (email is null || !identity.HasLiveGrant(email, request.ClientId!)
            || request.Scopes.Except(identity.GrantedScopes(email, request.ClientId!)).Any())
        {
            return RedirectWith(request, ("error", "interaction_required"));
        }

        context.AnnotateUser(email);
        return IssueCode(identity, request, email);
    }

    private static async Task<IResult> DecideAsync(HttpContext context, GoogleIdentityStore identity, MailStore mail)
    {
        if (!context.Request.HasFormContentType)
        {
            return ConsentPage.Error(new("invalid_request", "The consent decision must be a form post."));
        }

        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var request = AuthorizeRequest.Parse(form);
        if (request.Validate(identity) is { } problem)
        {
            return ConsentPage.Error(problem);
        }

        switch (form["decision"].ToString())
        {
            case "deny":
                return RedirectWith(request, ("error", "access_denied"));
            case "allow":
                var email = form["email"].ToString().Trim();
                if (email.Length < 3 || !email.Contains('@') || email.Any(char.IsWhiteSpace))
                {
                    return ConsentPage.Error(new("invalid_request", "Enter a valid email address."));
                }

                context.AnnotateUser(email);
                mail.GetOrCreate(email);
                return IssueCode(identity, request, email);
            default:
                return ConsentPage.Error(new("invalid_request", "decision must be allow or deny."));
        }
    }

    private static IResult IssueCode(GoogleIdentityStore identity, AuthorizeRequest request, string email)
    {
        var scopes = request.IncludeGrantedScopes
            ? identity.GrantedScopes(email, request.ClientId!).Union(request.Scopes).ToArray()
            : request.Scopes;
        var code = identity.IssueCode(request.ClientId!, request.RedirectUri!, email, scopes, request.Offline,
            request.ForcedConsent, request.CodeChallenge, request.CodeChallengeMethod);
        return RedirectWith(request, ("code", code), ("scope", GoogleScopes.Format(scopes)), ("authuser", "0"), ("prompt", "consent"));
    }

    private static IResult RedirectWith(AuthorizeRequest request, params (string Name, string Value)[] parameters)
    {
        // Google puts state first on success and last on errors; clients must not care, and neither do we beyond that.
        IEnumerable<(string Name, string Value)> all = parameters[0].Name == "error"
            ? parameters.Append(("state", request.State!))
            : parameters.Prepend(("state", request.State!));
        var query = all.Where(p => p.Value is not null).Select(p => KeyValuePair.Create(p.Name, (string?)p.Value));
        return TypedResults.Redirect(QueryHelpers.AddQueryString(request.RedirectUri!, query));
    }
}
