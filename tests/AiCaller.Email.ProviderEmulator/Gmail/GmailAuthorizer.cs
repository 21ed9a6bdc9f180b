using System.Diagnostics.CodeAnalysis;
using AiCaller.Email.ProviderEmulator.Google;
using AiCaller.Email.ProviderEmulator.RequestLog;

namespace AiCaller.Email.ProviderEmulator.Gmail;

/// <summary>The bearer check every Gmail call makes: token, then scope, then the userId in the path.</summary>
public sealed class GmailAuthorizer(GoogleIdentityStore identity, MailStore mail)
{
    public bool TryAuthorize(HttpContext context, string userId, IReadOnlyList<string> acceptedScopes,
        [NotNullWhen(true)] out GmailCaller? caller, [NotNullWhen(false)] out IResult? failure)
    {
        caller = null;
        var header = context.Request.Headers.Authorization.ToString();
        if (header.Length == 0)
        {
            failure = GoogleApiError.MissingCredentials;
            return false;
        }

        var token = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header[7..].Trim() : null;
        var lookup = identity.LookupAccessToken(token);
        if (lookup.State != TokenState.Valid || lookup.Email is null)
        {
            failure = GoogleApiError.InvalidCredentials;
            return false;
        }

        context.AnnotateUser(lookup.Email);
        if (!GoogleScopes.AnyOf(lookup.Scopes, acceptedScopes))
        {
            failure = GoogleApiError.InsufficientScopes;
            return false;
        }

        if (userId != "me" && !userId.Equals(lookup.Email, StringComparison.OrdinalIgnoreCase))
        {
            failure = GoogleApiError.Forbidden($"Delegation denied for {lookup.Email}");
            return false;
        }

        caller = new GmailCaller(mail.GetOrCreate(lookup.Email), lookup.Scopes);
        failure = null;
        return true;
    }
}
