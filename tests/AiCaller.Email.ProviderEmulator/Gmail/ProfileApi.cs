using System.Globalization;
using AiCaller.Email.ProviderEmulator.Google;

namespace AiCaller.Email.ProviderEmulator.Gmail;

/// <summary>users.getProfile.</summary>
public static class ProfileApi
{
    public static IResult Get(string userId, HttpContext context, GmailAuthorizer auth)
    {
        if (!auth.TryAuthorize(context, userId, GoogleScopes.ForProfile, out var caller, out var failure))
        {
            return failure;
        }

        var messages = caller.Mailbox.NewestFirst();
        return TypedResults.Json(new Profile(caller.Mailbox.Email, messages.Count, messages.Select(m => m.ThreadId).Distinct().Count(),
            caller.Mailbox.HistoryId.ToString(CultureInfo.InvariantCulture)));
    }
}
