using AiCaller.Email.Api.ConnectPage;
using AiCaller.Email.Api.Contracts;
using AiCaller.Email.Api.Hosting;
using AiCaller.Email.Api.Problems;
using AiCaller.Email.Api.Validation;
using AiCaller.Email.Grains.Hosting;
using AiCaller.Email.Grains.Mailboxes;
using AiCaller.Email.Grains.Problems;
using AiCaller.Email.Grains.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace AiCaller.Email.Api.Endpoints;

/// <summary>
/// Connect links: a tenant asks for one with its API key and hands it to the person whose mailbox it is, who opens it
/// in a browser without a key. The link names its tenant's mailbox, works once and expires (<c>CONNECT_LINK_MINUTES</c>).
/// Opening it shows a page with one button: mail scanners and link previews fetch links with GET, and must not spend it.
/// </summary>
public static class ConnectLinkApi
{
    /// <summary>Where a link's consent ends when the link has no return URL of its own.</summary>
    public const string ResultPagePath = "/connect/done";

    /// <summary>The link itself: its path is its token, a secret that telemetry shows as this route.</summary>
    public const string LinkRoute = "/connect/{token}";

    private const string AskForANewLink = "Ask whoever sent you the link for a new one.";

    /// <summary><c>POST .../connect-link</c>, on a provider's account route group (behind the API key).</summary>
    public static RouteHandlerBuilder MapConnectLink(this RouteGroupBuilder account, string providerName) =>
        account.MapPost("/connect-link", Create).WithName($"{providerName}CreateConnectLink")
            .ProducesProblems(ProblemCode.NotConfigured, ProblemCode.LimitReached, ProblemCode.StateUnreadable, ProblemCode.ProviderError, ProblemCode.Unavailable)
            .WithSummary("A single-use link that connects this mailbox in a browser without an API key");

    /// <summary>The link's pages, on the group of routes that browsers reach without a key.</summary>
    public static RouteGroupBuilder MapConnectLinkPages(this RouteGroupBuilder browser)
    {
        browser.MapGet(ResultPagePath, Done).ExcludeFromDescription();
        browser.MapGet(LinkRoute, Show).WithName("ShowConnectLink").WithTags("Connect links")
            .WithSummary("The connect link (no API key): a page whose button leads to the provider's consent");
        browser.MapPost(LinkRoute, Open).WithName("OpenConnectLink").WithTags("Connect links")
            .WithSummary("The connect link's button: spends the link and redirects to the provider's consent");
        return browser;
    }

    public static async Task<Ok<ConnectLinkResponse>> Create(
        [AsParameters] AccountRoute mailbox, IGrainFactory grains, HostSettings settings, ReturnUrlValidator returnUrls,
        IOptions<ConnectLinkOptions> options, ConnectLinkBody? body)
    {
        var key = mailbox.Key;
        var returnUrl = returnUrls.Check(body?.ReturnUrl);
        var link = await grains.Grain(key).CreateConnectLinkAsync(returnUrl, options.Value.Lifetime);
        return TypedResults.Ok(new ConnectLinkResponse(PublicUrl(settings, $"/connect/{link.Token}"), link.ExpiresAt));
    }

    public static async Task<IResult> Show(string token, IGrainFactory grains, ConnectLinkCodec links)
    {
        if (!links.TryUnprotect(token, out var key, out var nonce))
        {
            return NotValid();
        }

        var status = await grains.Grain(key!).CheckConnectLinkAsync(nonce!);
        if (status != ConnectLinkStatus.Usable)
        {
            return Refused(status);
        }

        var provider = HtmlPage.Encode(key!.Provider.ToDisplayName());
        return HtmlPage.Document(StatusCodes.Status200OK, $"Connect your {key.Provider.ToDisplayName()} mailbox", $"""
            <p>This link connects a {provider} mailbox to AiCaller.Email, as the account <strong>{HtmlPage.Encode(key.Account)}</strong>.</p>
            <p>{provider} will ask you to sign in and to allow sending and reading mail. The link works once.</p>
            <form method="post"><button type="submit">Continue to {provider}</button></form>
            """, formLeavesSite: true);
    }

    public static async Task<IResult> Open(string token, IGrainFactory grains, ConnectLinkCodec links, HostSettings settings)
    {
        if (!links.TryUnprotect(token, out var key, out var nonce))
        {
            return NotValid();
        }

        try
        {
            var opening = await grains.Grain(key!).OpenConnectLinkAsync(
                nonce!, settings.CallbackUrl(key!.Provider.ToSlug()), PublicUrl(settings, ResultPagePath));
            return opening.Start is { } start ? HtmlPage.SeeOther(start.AuthUrl) : Refused(opening.Status);
        }
        catch (MailboxProblemException problem)
        {
            // Nothing was spent: the provider is not configured, say, and the link works again once it is.
            return HtmlPage.Message(ProblemResponses.StatusOf(problem.Code), "The mailbox cannot be connected now", problem.Detail,
                "Try the link again later, or ask whoever sent it.");
        }
    }

    /// <summary>The result of a link's consent, as the OAuth callback sends the browser here with it.</summary>
    public static IResult Done(string? provider, string? account, string? result, string? message)
    {
        var name = ProviderNames.TryParse(provider, out var known) ? known.ToDisplayName() : "The";
        var text = OAuthCallbackApi.Shorten(message ?? string.Empty, 600);
        return result switch
        {
            "connected" => HtmlPage.Message(StatusCodes.Status200OK, $"{name} mailbox connected", text, "You can close this window."),
            "refused" => HtmlPage.Message(StatusCodes.Status200OK, "Access was not granted", text, AskForANewLink),
            "failed" => HtmlPage.Message(StatusCodes.Status200OK, "The mailbox was not connected", text, AskForANewLink),
            _ => HtmlPage.Message(StatusCodes.Status400BadRequest, "Nothing to show", "This page shows how a connect link ended, and was opened without one."),
        };
    }

    private static IResult NotValid() => HtmlPage.Message(StatusCodes.Status400BadRequest, "This connect link is not valid",
        "It is incomplete, altered or expired, or it was not made by this host.", AskForANewLink);

    private static IResult Refused(ConnectLinkStatus status) => status switch
    {
        ConnectLinkStatus.Used => HtmlPage.Message(StatusCodes.Status410Gone, "This connect link was already used",
            "A connect link works once.", $"If the mailbox is not connected yet: {AskForANewLink.ToLowerInvariant()}"),
        ConnectLinkStatus.Expired => HtmlPage.Message(StatusCodes.Status410Gone, "This connect link has expired",
            "A connect link works for a limited time only.", AskForANewLink),
        _ => HtmlPage.Message(StatusCodes.Status410Gone, "This connect link no longer works",
            "The mailbox it was made for was removed, or newer links replaced it.", AskForANewLink),
    };

    private static string PublicUrl(HostSettings settings, string path) => settings.PublicBaseUrl.AbsoluteUri.TrimEnd('/') + path;
}
