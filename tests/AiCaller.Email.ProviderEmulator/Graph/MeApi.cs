using System.Text.Json.Nodes;
using AiCaller.Email.ProviderEmulator.Microsoft;

namespace AiCaller.Email.ProviderEmulator.Graph;

/// <summary>GET /me: the signed-in user; <c>mail</c> is null for personal accounts, whose address is the userPrincipalName.</summary>
public static class MeApi
{
    public static IResult Get(HttpContext context, GraphAuthorizer auth)
    {
        if (!auth.TryAuthorize(context, GraphScopes.ForProfile, out var caller, out var failure, GraphError.InsufficientPrivileges))
        {
            return failure;
        }

        var user = caller.User;
        return GraphResponses.Json(new JsonObject
        {
            ["@odata.context"] = $"{GraphApi.Root(context)}/$metadata#users/$entity",
            ["businessPhones"] = new JsonArray(),
            ["displayName"] = user.DisplayName,
            ["givenName"] = user.GivenName,
            ["jobTitle"] = null,
            ["mail"] = user.Mail,
            ["mobilePhone"] = null,
            ["officeLocation"] = null,
            ["preferredLanguage"] = null,
            ["surname"] = user.Surname,
            ["userPrincipalName"] = user.Email,
            ["id"] = user.ObjectId,
        });
    }
}
