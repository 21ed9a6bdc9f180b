using System.Net;
using AiCaller.Email.Api.Contracts;
using AiCaller.Email.Api.Problems;
using AiCaller.Email.Grains.Mailboxes;
using AiCaller.Email.Grains.Problems;
using AiCaller.Email.Grains.Security;

namespace AiCaller.Email.Api.Endpoints;

/// <summary>
/// The provider redirects the browser here after consent. No API key: the single-use, encrypted
/// <c>state</c> is the authorisation and names the mailbox. Browsers get a small page, API clients JSON.
/// </summary>
public static class OAuthCallbackApi
{
    public static async Task<IResult> Callback(
        HttpContext context,
        IGrainFactory grains,
        OAuthStateCodec stateCodec,
        string? code,
        string? state,
        string? error,
        string? error_description)
    {
        var provider = MailboxRoute.ProviderOf(context);
        var wantsJson = context.Request.GetTypedHeaders().Accept.Any(a => a.MediaType.Value?.Contains("json", StringComparison.OrdinalIgnoreCase) == true);
        try
        {
            if (error is not null)
            {
                throw Invalid($"{provider.ToDisplayName()} did not grant access: {error}{(error_description is null ? string.Empty : $" ({error_description})")}");
            }

            if (!stateCodec.TryUnprotect(state, out var key, out var nonce) || key!.Provider != provider)
            {
                throw Invalid("The OAuth state is missing, forged or expired; start the connection again");
            }

            if (string.IsNullOrEmpty(code) || code.Length > RequestParsing.MaxTokenLength)
            {
                throw Invalid("The callback carries no authorization code");
            }

            var connected = await grains.Grain(key).CompleteConnectAsync(nonce!, code);
            return wantsJson
                ? TypedResults.Ok(new ConnectedResponse("connected", provider.ToSlug(), connected.Account, connected.Email))
                : Page(StatusCodes.Status200OK, $"Connected as {connected.Email} — you can close this window.");
        }
        catch (MailboxProblemException problem) when (!wantsJson)
        {
            return Page(ProblemResponses.StatusOf(problem.Code), $"{provider.ToDisplayName()} connection failed: {problem.Detail}");
        }
        catch (MailboxProblemException problem)
        {
            return ProblemResponses.For(problem);
        }
    }

    private static MailboxProblemException Invalid(string detail) => new(ProblemCode.InvalidRequest, detail);

    private static IResult Page(int status, string message)
    {
        var text = WebUtility.HtmlEncode(message);
        var html = $"""
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><title>AiCaller.Email</title></head>
            <body style="font-family: sans-serif; margin: 3rem;"><p>{text}</p></body></html>
            """;
        return TypedResults.Content(html, "text/html; charset=utf-8", statusCode: status);
    }
}
