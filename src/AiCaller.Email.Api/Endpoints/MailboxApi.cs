using AiCaller.Email.Api.Contracts;
using AiCaller.Email.Api.Validation;
using AiCaller.Email.Grains.Hosting;
using AiCaller.Email.Grains.Mail;
using AiCaller.Email.Grains.Mailboxes;
using AiCaller.Email.Grains.Problems;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AiCaller.Email.Api.Endpoints;

/// <summary>
/// The mailbox operations, mapped twice: under <c>/api/{provider}</c> for the seed's routes (account
/// <c>default</c>) and under <c>/api/{provider}/accounts/{account}</c> for every other account.
/// </summary>
public static class MailboxApi
{
    public static RouteGroupBuilder MapMailboxOperations(this RouteGroupBuilder group, string operationPrefix)
    {
        group.MapGet("/status", GetStatus).WithName(operationPrefix + "GetStatus").WithSummary("Connection status of the mailbox");
        group.MapGet("/oauth/start", StartOAuth).WithName(operationPrefix + "StartOAuth").WithSummary("Start OAuth: returns auth_url to open in a browser");
        group.MapPost("/send", Send).WithName(operationPrefix + "Send").WithSummary("Send an email");
        group.MapGet("/messages", ListMessages).WithName(operationPrefix + "ListMessages").WithSummary("List messages");
        group.MapGet("/messages/{id}", GetMessage).WithName(operationPrefix + "GetMessage").WithSummary("Get one message");
        return group;
    }

    public static async Task<Ok<StatusResponse>> GetStatus(HttpContext context, IGrainFactory grains)
    {
        var status = await grains.Grain(MailboxRoute.Resolve(context)).GetStatusAsync();
        return TypedResults.Ok(StatusResponse.From(status));
    }

    public static async Task<Ok<AuthUrlResponse>> StartOAuth(
        HttpContext context, IGrainFactory grains, HostSettings settings, ReturnUrlValidator returnUrls, string? return_url)
    {
        var key = MailboxRoute.Resolve(context);
        var start = await grains.Grain(key).StartConnectAsync(settings.CallbackUrl(key.Provider.ToSlug()), returnUrls.Check(return_url));
        return TypedResults.Ok(new AuthUrlResponse(start.AuthUrl, start.ExpiresAt));
    }

    public static async Task<Ok<SendResponse>> Send(HttpContext context, IGrainFactory grains, SendMailBody body)
    {
        var key = MailboxRoute.Resolve(context);
        var idempotencyKey = RequestParsing.IdempotencyKey(context.Request);
        var (request, problem) = SendMailValidator.Validate(body);
        if (request is null)
        {
            throw new MailboxProblemException(ProblemCode.InvalidRequest, problem!);
        }

        var sent = await grains.Grain(key).SendAsync(request, idempotencyKey);
        return TypedResults.Ok(new SendResponse(sent.Id, sent.ThreadId, key.Provider.ToSlug(), key.Account));
    }

    public static async Task<Ok<MessageList>> ListMessages(
        HttpContext context,
        IGrainFactory grains,
        string? query,
        string? max_results,
        string? top,
        string? skip,
        string? page_token)
    {
        var key = MailboxRoute.Resolve(context);
        if (key.Provider == ProviderName.Outlook && query is not null && skip is not null)
        {
            throw new MailboxProblemException(ProblemCode.InvalidRequest, "skip cannot be combined with query (Graph's $search pages by page_token only)");
        }

        var listQuery = key.Provider == ProviderName.Gmail
            ? new MessageListQuery(
                RequestParsing.IntInRange(max_results, "max_results", 1, 500, 10),
                RequestParsing.BoundedText(query, "query", 1024),
                RequestParsing.BoundedText(page_token, "page_token"),
                Skip: null)
            : new MessageListQuery(
                RequestParsing.IntInRange(top ?? max_results, "top", 1, 1000, 10),
                RequestParsing.BoundedText(query, "query", 1024),
                RequestParsing.BoundedText(page_token, "page_token"),
                RequestParsing.IntInRange(skip, "skip", 0, int.MaxValue, 0));

        return TypedResults.Ok(await grains.Grain(key).ListMessagesAsync(listQuery));
    }

    public static async Task<Ok<MessageDetail>> GetMessage(HttpContext context, IGrainFactory grains, string id)
    {
        var key = MailboxRoute.Resolve(context);
        return TypedResults.Ok(await grains.Grain(key).GetMessageAsync(RequestParsing.MessageId(id)));
    }
}
