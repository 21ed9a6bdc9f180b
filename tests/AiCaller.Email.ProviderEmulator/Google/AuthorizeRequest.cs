using Microsoft.Extensions.Primitives;

namespace AiCaller.Email.ProviderEmulator.Google;

/// <summary>The parameters of an authorize request, read from the query (GET) or from the consent form (POST).</summary>
public sealed record AuthorizeRequest(
    IReadOnlyList<KeyValuePair<string, string>> Raw,
    string? ClientId,
    string? RedirectUri,
    string? ResponseType,
    IReadOnlyList<string> Scopes,
    string? State,
    bool Offline,
    IReadOnlyList<string> Prompt,
    string? LoginHint,
    bool IncludeGrantedScopes,
    string? CodeChallenge,
    string? CodeChallengeMethod)
{
    /// <summary>Fields the consent form adds itself; never echoed back as hidden fields.</summary>
    public static readonly IReadOnlySet<string> FormOnlyFields = new HashSet<string>(StringComparer.Ordinal) { "email", "decision" };

    public bool ForcedConsent => Prompt.Contains("consent");

    public static AuthorizeRequest Parse(IEnumerable<KeyValuePair<string, StringValues>> values)
    {
        var raw = values.Where(v => !FormOnlyFields.Contains(v.Key))
            .SelectMany(v => v.Value.Select(value => KeyValuePair.Create(v.Key, value ?? "")))
            .ToArray();
        string? Get(string name) => raw.Where(p => p.Key == name).Select(p => p.Value).FirstOrDefault(v => v.Length > 0);

        // ASP.NET has already turned '+' and %20 into spaces; a literal space arrives as itself.
        return new AuthorizeRequest(
            raw,
            Get("client_id"),
            Get("redirect_uri"),
            Get("response_type"),
            GoogleScopes.Parse(Get("scope")),
            Get("state"),
            Get("access_type") == "offline",
            (Get("prompt") ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries),
            Get("login_hint"),
            Get("include_granted_scopes") == "true",
            Get("code_challenge"),
            Get("code_challenge_method"));
    }

    /// <summary>Google's checks, in Google's order; problems before the redirect URI is trusted are shown as a page.</summary>
    public AuthorizeProblem? Validate(GoogleIdentityStore store)
    {
        if (ClientId is null)
        {
            return new("invalid_request", "Missing required parameter: client_id");
        }

        if (store.FindClient(ClientId) is null)
        {
            return new("invalid_client", "The OAuth client was not found.");
        }

        if (RedirectUri is null)
        {
            return new("invalid_request", "Missing required parameter: redirect_uri");
        }

        if (!Uri.TryCreate(RedirectUri, UriKind.Absolute, out var redirect) || redirect.Scheme is not ("http" or "https")
            || !string.IsNullOrEmpty(redirect.Fragment))
        {
            return new("redirect_uri_mismatch", $"Invalid redirect_uri: {RedirectUri}");
        }

        if (ResponseType is null)
        {
            return new("invalid_request", "Missing required parameter: response_type");
        }

        if (ResponseType != "code")
        {
            return new("unsupported_response_type", $"Unsupported response type: {ResponseType}");
        }

        if (Scopes.Count == 0)
        {
            return new("invalid_request", "Missing required parameter: scope");
        }

        if (!Pkce.IsSupportedMethod(CodeChallengeMethod) || (CodeChallengeMethod is not null && CodeChallenge is null))
        {
            return new("invalid_request", "Invalid code_challenge_method value.");
        }

        return null;
    }
}

/// <summary>Why an authorize request cannot go on, as shown on Google's error page.</summary>
public sealed record AuthorizeProblem(string Error, string Description);
