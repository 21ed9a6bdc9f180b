using System.Diagnostics.CodeAnalysis;
using AiCaller.Email.ProviderEmulator.Google;
using AiCaller.Email.ProviderEmulator.Microsoft;
using AiCaller.Email.ProviderEmulator.RequestLog;

namespace AiCaller.Email.ProviderEmulator.Graph;

/// <summary>Who is calling Graph: the mailbox, user and permissions behind a valid bearer token.</summary>
public sealed record GraphCaller(GraphMailbox Mailbox, MicrosoftUser User, IReadOnlyList<string> Permissions);

/// <summary>The bearer check every Graph call makes: token, then permission, then the user named in the path.</summary>
public sealed class GraphAuthorizer(MicrosoftIdentityStore identity, GraphMailStore mail)
{
    public bool TryAuthorize(HttpContext context, IReadOnlyList<string> accepted,
        [NotNullWhen(true)] out GraphCaller? caller, [NotNullWhen(false)] out IResult? failure, GraphError? insufficient = null)
    {
        caller = null;
        var header = context.Request.Headers.Authorization.ToString();
        var token = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header[7..].Trim() : "";
        if (token.Length == 0)
        {
            failure = GraphError.EmptyToken;
            return false;
        }

        var lookup = identity.LookupAccessToken(token);
        if (lookup.State != TokenState.Valid || lookup.Email is null)
        {
            failure = lookup.State switch
            {
                TokenState.Expired => GraphError.ExpiredToken,
                TokenState.Revoked => GraphError.RevokedToken,
                _ => token.Contains('.') ? GraphError.InvalidToken : GraphError.NotAJwt,
            };
            return false;
        }

        context.AnnotateUser(lookup.Email);
        if (!GraphScopes.AnyOf(lookup.Scopes, accepted))
        {
            failure = insufficient ?? GraphError.AccessDenied;
            return false;
        }

        var user = identity.User(lookup.Email);
        // /users/{id | userPrincipalName} is the signed-in user's own mailbox only: delegated tokens reach no other.
        if (context.GetRouteValue("userId") is string userId && !userId.Equals(user.Email, StringComparison.OrdinalIgnoreCase)
            && !userId.Equals(user.ObjectId, StringComparison.OrdinalIgnoreCase))
        {
            failure = GraphError.AccessDenied;
            return false;
        }

        caller = new GraphCaller(mail.GetOrCreate(lookup.Email), user, lookup.Scopes);
        failure = null;
        return true;
    }
}
