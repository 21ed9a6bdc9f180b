using AiCaller.Email.Api.ConnectPage;
using AiCaller.Email.Api.Contracts;
using AiCaller.Email.Api.Problems;
using AiCaller.Email.Grains.Mailboxes;
using AiCaller.Email.Grains.Problems;
using AiCaller.Email.Grains.Security;
using Microsoft.AspNetCore.WebUtilities;

namespace AiCaller.Email.Api.Endpoints;

/// <summary>
/// The provider redirects the browser here after consent. No API key: the single-use, encrypted <c>state</c> is the
/// authorisation and names the mailbox. A browser whose flow began with a return URL is sent back there with the result;
/// otherwise browsers get a small page, API clients (<c>Accept: application/json</c>) JSON.
/// </summary>
public static class OAuthCallbackApi
{
    /// <summary>The one answer to a state this host cannot vouch for: nothing else the request carries is repeated.</summary>
    public const string InvalidStateDetail = "The OAuth state is missing, forged or expired; start the connection again";

    private const int MaxProviderErrorLength = 64;
    private const int MaxProviderDescriptionLength = 200;

    public static async Task<IResult> Callback(
        HttpContext context,
        ProviderRoute route,
        IGrainFactory grains,
        OAuthStateCodec stateCodec,
        string? code,
        string? state,
        string? error,
        string? error_description)
    {
        var provider = route.Name;
        var wantsJson = context.Request.GetTypedHeaders().Accept.Any(a => a.MediaType.Value?.Contains("json", StringComparison.OrdinalIgnoreCase) == true);

        // Until the state proves that this answers a consent this host started, the provider's error is not shown: anyone
        // can send a browser here with any text in it.
        if (!stateCodec.TryUnprotect(state, out var key, out var nonce) || key!.Provider != provider)
        {
            return Answer(wantsJson, provider, null, new ConnectOutcome(null, new ConnectFailure(ProblemCode.InvalidRequest, InvalidStateDetail), null));
        }

        var mailbox = grains.Grain(key);
        var refused = false;
        ConnectOutcome outcome;
        try
        {
            if (error is not null)
            {
                var returnUrl = await mailbox.AbandonConnectAsync(nonce!);
                refused = true;
                outcome = new ConnectOutcome(null, new ConnectFailure(ProblemCode.InvalidRequest, Refusal(provider, error, error_description)), returnUrl);
            }
            else if (string.IsNullOrEmpty(code) || code.Length > RequestParsing.MaxTokenLength)
            {
                // Not an answer a provider gives: refused without spending the consent, which the real answer may still end.
                outcome = new ConnectOutcome(null, new ConnectFailure(ProblemCode.InvalidRequest, "The callback carries no authorization code"), null);
            }
            else
            {
                outcome = await mailbox.CompleteConnectAsync(nonce!, code);
            }
        }
        catch (MailboxProblemException problem)
        {
            // No consent of this state is pending (it was used), or the provider lost its configuration: our words only.
            outcome = new ConnectOutcome(null, ConnectFailure.From(problem), null);
        }

        return Answer(wantsJson, provider, key, outcome, refused);
    }

    /// <summary>Provider text made safe to show: no control characters, at most <paramref name="maxLength"/> characters.</summary>
    public static string Shorten(string text, int maxLength)
    {
        var clean = new string(text.Select(c => char.IsControl(c) ? ' ' : c).ToArray()).Trim();
        return clean.Length <= maxLength ? clean : clean[..(maxLength - 1)].TrimEnd() + "…";
    }

    private static string Refusal(ProviderName provider, string error, string? description) =>
        $"{provider.ToDisplayName()} did not grant access: {Shorten(error, MaxProviderErrorLength)}"
        + (string.IsNullOrWhiteSpace(description) ? string.Empty : $" ({Shorten(description, MaxProviderDescriptionLength)})");

    private static IResult Answer(bool wantsJson, ProviderName provider, MailboxKey? key, ConnectOutcome outcome, bool refused = false)
    {
        if (wantsJson)
        {
            return outcome.Connected is { } connected
                ? TypedResults.Ok(new ConnectedResponse("connected", provider.ToSlug(), connected.Account, connected.Email))
                : ProblemResponses.For(outcome.Failure!.Code, outcome.Failure.Detail, outcome.Failure.RetryAfterSeconds);
        }

        var (result, message) = outcome.Connected is { } done
            ? ("connected", $"Connected as {done.Email}")
            : refused
                ? ("refused", outcome.Failure!.Detail)
                : ("failed", $"{provider.ToDisplayName()} connection failed: {outcome.Failure!.Detail}");

        if (outcome.ReturnUrl is { } returnUrl && key is not null)
        {
            return HtmlPage.SeeOther(QueryHelpers.AddQueryString(returnUrl, new Dictionary<string, string?>
            {
                ["provider"] = provider.ToSlug(),
                ["account"] = key.Account,
                ["result"] = result,
                ["message"] = message,
            }));
        }

        return outcome.Connected is not null
            ? HtmlPage.Message(StatusCodes.Status200OK, $"{provider.ToDisplayName()} mailbox connected", $"{message} — you can close this window.")
            : HtmlPage.Message(ProblemResponses.StatusOf(outcome.Failure!.Code),
                refused ? "Access was not granted" : "The mailbox was not connected", message);
    }
}
