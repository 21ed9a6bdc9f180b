using AiCaller.Email.ProviderEmulator.Graph;
using AiCaller.Email.ProviderEmulator.RequestLog;
using Microsoft.AspNetCore.WebUtilities;

namespace AiCaller.Email.ProviderEmulator.Microsoft;

/// <summary>login.microsoftonline.com: the v2 authorize endpoint for any tenant, and the emulator's consent decision.</summary>
public static class MicrosoftAuthorizeApi
{
    public static IEndpointRouteBuilder MapMicrosoftAuthorize(this IEndpointRouteBuilder app)
    {
        app.MapGet("/{tenant}/oauth2/v2.0/authorize", ShowConsent).ExcludeFromDescription();
        app.MapPost("/{tenant}/oauth2/v2.0/authorize/decision", DecideAsync).ExcludeFromDescription();
        return app;
    }

    private static IResult ShowConsent(string tenant, HttpContext context, MicrosoftIdentityStore identity)
    {
        var request = MicrosoftAuthorizeRequest.Parse(tenant, context.Request.Query);
        if (request.Validate(identity) is { } problem)
        {
            return Refuse(request, problem);
        }

        return request.Prompt.Contains("none")
            ? AuthorizeSilently(context, identity, request)
            : MicrosoftConsentPage.Consent(identity.FindClient(request.ClientId)!, request);
    }

    // prompt=none succeeds only for a user (named by login_hint) who already consented to every requested permission.
    private static IResult AuthorizeSilently(HttpContext context, MicrosoftIdentityStore identity, MicrosoftAuthorizeRequest request)
    {
        if (request.LoginHint is not { } email)
        {
            return RedirectWith(request, ("error", "login_required"),
                ("error_description", "AADSTS50058: A silent sign-in request was sent but no user is signed in."));
        }

        var wanted = GraphScopes.GraphPermissions(request.Scopes, out _);
        if (wanted.Except(identity.GrantedPermissions(email, request.ClientId!)).Any())
        {
            return RedirectWith(request, ("error", "consent_required"),
                ("error_description", $"AADSTS65001: The user or administrator has not consented to use the application with ID '{request.ClientId}'."));
        }

        context.AnnotateUser(email);
        return IssueCode(identity, request, email);
    }

    private static async Task<IResult> DecideAsync(string tenant, HttpContext context, MicrosoftIdentityStore identity, GraphMailStore mail)
    {
        if (!context.Request.HasFormContentType)
        {
            return MicrosoftConsentPage.Error(new("invalid_request", 900144, "The consent decision must be a form post.", false));
        }

        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var request = MicrosoftAuthorizeRequest.Parse(tenant, form);
        if (request.Validate(identity) is { } problem)
        {
            return Refuse(request, problem);
        }

        switch (form["decision"].ToString())
        {
            case "deny":
                return RedirectWith(request, ("error", "access_denied"), ("error_subcode", "cancel"),
                    ("error_description", "AADSTS65004: User declined to consent to access the app."));
            case "allow":
                var email = form["email"].ToString().Trim();
                if (email.Length < 3 || !email.Contains('@') || email.Any(char.IsWhiteSpace))
                {
                    return MicrosoftConsentPage.Error(new("invalid_request", 50034, "Enter a valid email address.", false));
                }

                context.AnnotateUser(email);
                mail.GetOrCreate(email);
                return IssueCode(identity, request, email);
            default:
                return MicrosoftConsentPage.Error(new("invalid_request", 900144, "decision must be allow or deny.", false));
        }
    }

    private static IResult IssueCode(MicrosoftIdentityStore identity, MicrosoftAuthorizeRequest request, string email)
    {
        var code = identity.IssueCode(request.ClientId!, request.RedirectUri!, email, request.Scopes, request.CodeChallenge,
            request.CodeChallengeMethod);
        return RedirectWith(request, ("code", code));
    }

    private static IResult Refuse(MicrosoftAuthorizeRequest request, MicrosoftAuthorizeProblem problem) => problem.Redirectable
        ? RedirectWith(request, ("error", problem.Error), ("error_description", problem.Description))
        : MicrosoftConsentPage.Error(problem);

    /// <summary>Entra ID puts code or error first, then state and (on success) session_state.</summary>
    private static IResult RedirectWith(MicrosoftAuthorizeRequest request, params (string Name, string Value)[] parameters)
    {
        var all = parameters.Append(("state", request.State!));
        if (parameters[0].Name == "code")
        {
            all = all.Append(("session_state", Guid.NewGuid().ToString("D")));
        }

        var query = all.Where(p => p.Item2 is not null).Select(p => KeyValuePair.Create(p.Item1, (string?)p.Item2));
        return TypedResults.Redirect(QueryHelpers.AddQueryString(request.RedirectUri!, query));
    }
}
