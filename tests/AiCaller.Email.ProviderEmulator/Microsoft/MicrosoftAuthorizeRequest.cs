using AiCaller.Email.ProviderEmulator.Google;
using Microsoft.Extensions.Primitives;

namespace AiCaller.Email.ProviderEmulator.Microsoft;

/// <summary>The parameters of a v2 authorize request, read from the query (GET) or from the consent form (POST).</summary>
public sealed record MicrosoftAuthorizeRequest(
    IReadOnlyList<KeyValuePair<string, string>> Raw,
    string Tenant,
    string? ClientId,
    string? RedirectUri,
    string? ResponseType,
    IReadOnlyList<string> Scopes,
    string? State,
    IReadOnlyList<string> Prompt,
    string? LoginHint,
    string? CodeChallenge,
    string? CodeChallengeMethod)
{
    public static MicrosoftAuthorizeRequest Parse(string tenant, IEnumerable<KeyValuePair<string, StringValues>> values)
    {
        var raw = values.Where(v => !AuthorizeRequest.FormOnlyFields.Contains(v.Key))
            .SelectMany(v => v.Value.Select(value => KeyValuePair.Create(v.Key, value ?? "")))
            .ToArray();
        string? Get(string name) => raw.Where(p => p.Key == name).Select(p => p.Value).FirstOrDefault(v => v.Length > 0);

        return new MicrosoftAuthorizeRequest(
            raw,
            tenant,
            Get("client_id"),
            Get("redirect_uri"),
            Get("response_type"),
            GraphScopes.Parse(Get("scope")),
            Get("state"),
            (Get("prompt") ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries),
            Get("login_hint"),
            Get("code_challenge"),
            Get("code_challenge_method"));
    }

    /// <summary>
    /// Entra ID's checks. Problems with the tenant, client or redirect URI are shown as a page (the redirect URI is not
    /// trusted yet); later ones go back to the app as an error redirect, as Entra ID sends them.
    /// </summary>
    public MicrosoftAuthorizeProblem? Validate(MicrosoftIdentityStore store)
    {
        if (!IsTenant(Tenant))
        {
            return Page("invalid_request", 90002, $"Tenant '{Tenant}' not found.");
        }

        if (ClientId is null)
        {
            return Page("invalid_request", 900144, "The request body must contain the following parameter: 'client_id'.");
        }

        if (store.FindClient(ClientId) is null)
        {
            return Page("unauthorized_client", 700016, $"Application with identifier '{ClientId}' was not found in the directory '{Tenant}'.");
        }

        if (RedirectUri is null || !Uri.TryCreate(RedirectUri, UriKind.Absolute, out var redirect) || redirect.Scheme is not ("http" or "https")
            || !string.IsNullOrEmpty(redirect.Fragment))
        {
            return Page("invalid_request", 50011,
                $"The redirect URI '{RedirectUri}' specified in the request does not match the redirect URIs configured for the application '{ClientId}'.");
        }

        if (ResponseType != "code")
        {
            return Redirect("unsupported_response_type", 70005,
                "The provided value for the input parameter 'response_type' is not allowed for this request. Expected value: code");
        }

        if (Scopes.Count == 0)
        {
            return Redirect("invalid_request", 900144, "The request body must contain the following parameter: 'scope'.");
        }

        GraphScopes.GraphPermissions(Scopes, out var invalid);
        if (invalid is not null)
        {
            return Redirect("invalid_scope", 70011, $"The provided value for the input parameter 'scope' is not valid. The scope {invalid} is not valid.");
        }

        if (!Pkce.IsSupportedMethod(CodeChallengeMethod) || (CodeChallengeMethod is not null && CodeChallenge is null))
        {
            return Redirect("invalid_request", 501491, "Invalid size of Code_Challenge parameter.");
        }

        return null;
    }

    public static bool IsTenant(string tenant) => tenant is "common" or "organizations" or "consumers"
        || Guid.TryParse(tenant, out _) || (tenant.Contains('.') && tenant.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-'));

    private static MicrosoftAuthorizeProblem Page(string error, int code, string message) => new(error, code, message, Redirectable: false);

    private static MicrosoftAuthorizeProblem Redirect(string error, int code, string message) => new(error, code, message, Redirectable: true);
}

/// <summary>Why an authorize request cannot go on; redirectable ones go back to the app, the others are shown as a page.</summary>
public sealed record MicrosoftAuthorizeProblem(string Error, int Code, string Message, bool Redirectable)
{
    public string Description => $"AADSTS{Code}: {Message}";
}
