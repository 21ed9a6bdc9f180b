using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using AiCaller.Email.Api.Contracts;
using AiCaller.Email.Api.Problems;
using AiCaller.Email.Api.Telemetry;
using AiCaller.Email.Api.Validation;
using AiCaller.Email.Grains.Hosting;
using AiCaller.Email.Grains.Mail;
using AiCaller.Email.Grains.Mailboxes;
using AiCaller.Email.Grains.Problems;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace AiCaller.Email.Api.Endpoints;

/// <summary>
/// The mailbox operations, written once over <see cref="IMailboxRoute"/> and mapped for each provider twice: on the
/// seed's routes (<see cref="DefaultAccountRoute"/>) and under <c>accounts/{account}</c> (<see cref="AccountRoute"/>).
/// </summary>
public static class MailboxApi
{
    /// <summary>What any call to a mailbox can meet: no answer in time, or (in client mode) its silo gone.</summary>
    private static readonly ProblemCode[] MailboxCall = [ProblemCode.ProviderError, ProblemCode.Unavailable];

    /// <summary>What a call that reaches the provider with the mailbox's tokens can meet.</summary>
    private static readonly ProblemCode[] ProviderCall =
    [
        ProblemCode.NotConfigured, ProblemCode.NotConnected, ProblemCode.TokenInvalid, ProblemCode.StateUnreadable,
        ProblemCode.AppCredentialsInvalid, ProblemCode.RateLimited, ProblemCode.ProviderError, ProblemCode.Unavailable,
    ];

    public static RouteGroupBuilder MapMailboxOperations<TMailbox>(this RouteGroupBuilder group, ProviderName provider, string names)
        where TMailbox : IMailboxRoute
    {
        // Delegate locals, not method groups: ASP.NET Core's route handler analyzer fails (AD0001) on a method group whose
        // [AsParameters] type is a type parameter. At start each handler is closed over TMailbox and bound as any other.
        Delegate getStatus = GetStatus<TMailbox>, startOAuth = StartOAuth<TMailbox>, send = Send<TMailbox>, getMessage = GetMessage<TMailbox>;
        Delegate listMessages = provider switch
        {
            ProviderName.Gmail => ListGmailMessages<TMailbox>,
            ProviderName.Outlook => ListOutlookMessages<TMailbox>,
            _ => throw new ArgumentOutOfRangeException(nameof(provider)),
        };

        // Each operation addresses one mailbox: its requests are logged in the mailbox's scope (MailboxLogScopeMiddleware).
        var mailbox = group.MapGroup(string.Empty).WithMetadata(MailboxEndpoint.For<TMailbox>());
        mailbox.MapGet("/status", getStatus)
            .WithName($"{names}GetStatus").WithSummary("Connection status of the mailbox")
            .ProducesProblems(MailboxCall);
        mailbox.MapGet("/oauth/start", startOAuth)
            .WithName($"{names}StartOAuth").WithSummary("Start OAuth: returns auth_url to open in a browser")
            .ProducesProblems([ProblemCode.LimitReached, ProblemCode.NotConfigured, ProblemCode.AppCredentialsInvalid, ProblemCode.RateLimited, .. MailboxCall]);
        mailbox.MapPost("/send", send)
            .WithName($"{names}Send").WithSummary("Send an email")
            .ProducesProblems([ProblemCode.InvalidRequest, ProblemCode.TooLarge, ProblemCode.IdempotencyConflict, ProblemCode.SendOutcomeUnknown, .. ProviderCall])
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType, ProblemCode.InvalidRequest);
        mailbox.MapGet("/messages", listMessages)
            .WithName($"{names}ListMessages").WithSummary("List messages, newest first")
            .ProducesProblems([ProblemCode.InvalidRequest, .. ProviderCall]);
        mailbox.MapGet("/messages/{id}", getMessage)
            .WithName($"{names}GetMessage").WithSummary("Get one message, with its bodies and attachment metadata")
            .ProducesProblems([ProblemCode.InvalidRequest, ProblemCode.NotFound, .. ProviderCall]);
        return group;
    }

    public static async Task<Ok<StatusResponse>> GetStatus<TMailbox>([AsParameters] TMailbox mailbox, IGrainFactory grains)
        where TMailbox : IMailboxRoute
    {
        var status = await grains.Grain(mailbox.Key).GetStatusAsync();
        return TypedResults.Ok(StatusResponse.From(status));
    }

    public static async Task<Ok<AuthUrlResponse>> StartOAuth<TMailbox>(
        [AsParameters] TMailbox mailbox, IGrainFactory grains, HostSettings settings, ReturnUrlValidator returnUrls,
        [Description("Where the browser goes after the consent: a path on this host, or a URL under CONNECT_LINK_RETURN_URLS")] string? return_url)
        where TMailbox : IMailboxRoute
    {
        var key = mailbox.Key;
        var start = await grains.Grain(key).StartConnectAsync(settings.CallbackUrl(key.Provider.ToSlug()), returnUrls.Check(return_url));
        return TypedResults.Ok(new AuthUrlResponse(start.AuthUrl, start.ExpiresAt));
    }

    public static async Task<Ok<SendResponse>> Send<TMailbox>(
        [AsParameters] TMailbox mailbox,
        SendMailBody body,
        [FromHeader(Name = RequestParsing.IdempotencyKeyHeader), StringLength(255, MinimumLength = 1)]
        [Description("The same key for the same mailbox within 24 h returns the first send's result and sends nothing again")]
        string? idempotencyKey,
        HttpRequest request,
        IGrainFactory grains)
        where TMailbox : IMailboxRoute
    {
        var key = mailbox.Key;
        var checkedKey = RequestParsing.IdempotencyKey(idempotencyKey, request.Headers[RequestParsing.IdempotencyKeyHeader].Count);
        var (sendRequest, problem) = SendMailValidator.Validate(body);
        if (sendRequest is null)
        {
            throw new MailboxProblemException(ProblemCode.InvalidRequest, problem!);
        }

        var sent = await grains.Grain(key).SendAsync(sendRequest, checkedKey);
        return TypedResults.Ok(new SendResponse(sent.Id, sent.ThreadId, key.Provider.ToSlug(), key.Account));
    }

    public static async Task<Ok<MessageList>> ListGmailMessages<TMailbox>(
        [AsParameters] TMailbox mailbox, [AsParameters] GmailMessagesParameters parameters, IGrainFactory grains)
        where TMailbox : IMailboxRoute
    {
        var key = mailbox.Key;
        return TypedResults.Ok(await grains.Grain(key).ListMessagesAsync(parameters.ToListQuery()));
    }

    public static async Task<Ok<MessageList>> ListOutlookMessages<TMailbox>(
        [AsParameters] TMailbox mailbox, [AsParameters] OutlookMessagesParameters parameters, IGrainFactory grains)
        where TMailbox : IMailboxRoute
    {
        var key = mailbox.Key;
        return TypedResults.Ok(await grains.Grain(key).ListMessagesAsync(parameters.ToListQuery()));
    }

    public static async Task<Ok<MessageDetail>> GetMessage<TMailbox>(
        [AsParameters] TMailbox mailbox,
        [RegularExpression(RequestParsing.MessageIdSchemaPattern), Description("The message's id, as the message list gives it")] string id,
        IGrainFactory grains)
        where TMailbox : IMailboxRoute
    {
        var key = mailbox.Key;
        return TypedResults.Ok(await grains.Grain(key).GetMessageAsync(RequestParsing.MessageId(id)));
    }
}
