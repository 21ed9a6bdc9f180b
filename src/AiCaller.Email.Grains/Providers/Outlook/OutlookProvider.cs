using AiCaller.Email.Grains.Mail;
using AiCaller.Email.Grains.Mailboxes;
using AiCaller.Email.Grains.Problems;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Graph.Models;
using Microsoft.Graph.Me.SendMail;

namespace AiCaller.Email.Grains.Providers.Outlook;

/// <summary>Outlook and Microsoft 365: tokens through MSAL, mail through the Microsoft Graph SDK.</summary>
public sealed class OutlookProvider : IMailProvider
{
    /// <summary>Graph's 4 MB request limit, less base64's third and room for the rest of the message.</summary>
    public const long MaxInlineAttachmentBytes = 3L * 1024 * 1024;

    private readonly OutlookOptions _options;
    private readonly GraphCalls _graph;
    private readonly OutlookOAuth? _oauth;

    public OutlookProvider(
        IOptions<OutlookOptions> options,
        GraphCalls graph,
        [FromKeyedServices(MailboxClock.ServiceKey)] TimeProvider clock)
    {
        _options = options.Value;
        _graph = graph;
        var (secrets, problem) = OutlookClientSecrets.Load(_options);
        Configuration = ProviderConfiguration.Of(secrets, problem);
        _oauth = secrets is null ? null : new OutlookOAuth(secrets, _options, clock);
    }

    public ProviderName Name => ProviderName.Outlook;

    public ProviderConfiguration Configuration { get; }

    // Callers ask the catalog for a configured provider, which decides not_configured; this one has no secrets to use.
    private OutlookOAuth OAuth => _oauth ?? throw new InvalidOperationException($"{Name} has no client secrets: {Configuration.Problem}");

    public Task<AuthorizationRequest> CreateAuthorizationRequestAsync(string redirectUri, string state, CancellationToken cancellationToken) =>
        OAuth.CreateAuthorizationRequestAsync(redirectUri, state, cancellationToken);

    public Task<TokenSet> ExchangeCodeAsync(string code, string codeVerifier, string redirectUri, CancellationToken cancellationToken) =>
        OAuth.ExchangeCodeAsync(code, codeVerifier, redirectUri, cancellationToken);

    public Task<TokenSet> RefreshAsync(TokenSet tokens, CancellationToken cancellationToken) => OAuth.RefreshAsync(tokens, cancellationToken);

    // Microsoft offers no per-grant revocation for delegated tokens (only revoking every session of the user);
    // disconnecting deletes the mailbox's tokens and cache, and the refresh token lapses unused.
    public Task<bool> RevokeAsync(TokenSet tokens, CancellationToken cancellationToken) => Task.FromResult(false);

    public Task<TokenSet?> ReadSeedTokenAsync(CancellationToken cancellationToken) =>
        OutlookSeedToken.ReadAsync(_options.TokenFile, OAuth, cancellationToken);

    public async Task<string> GetMailboxAddressAsync(IMailboxSession session, CancellationToken cancellationToken)
    {
        var me = await session.CallAsync(
            (token, ct) => _graph.RunAsync(token, graph => graph.Me.GetAsync(r => r.QueryParameters.Select = ["mail", "userPrincipalName"], ct)),
            cancellationToken);

        // Personal accounts have no "mail"; their user principal name is their address.
        return me?.Mail ?? me?.UserPrincipalName
            ?? throw new MailboxProblemException(ProblemCode.ProviderError, "Graph /me returned neither mail nor userPrincipalName");
    }

    public async Task<SendResult> SendAsync(
        IMailboxSession session, string fromAddress, SendMailRequest request, string marker, CancellationToken cancellationToken)
    {
        // Graph refuses requests over 4 MB; attachments travel base64-encoded inside the JSON.
        var attachmentBytes = request.Attachments.Sum(a => (long)a.Content.Length);
        if (attachmentBytes > MaxInlineAttachmentBytes)
        {
            throw new MailboxProblemException(ProblemCode.TooLarge,
                $"Outlook sends at most {MaxInlineAttachmentBytes / (1024 * 1024)} MB of attachments in one request through Microsoft Graph; "
                + $"these are {attachmentBytes} bytes");
        }

        var message = GraphMessageMapper.ToGraphMessage(request);
        message.SingleValueExtendedProperties = [GraphSendMarker.On(marker)];
        if (!OAuth.CanCreateMessages)
        {
            await session.CallAsync((token, ct) => _graph.RunAsync(token, async graph =>
            {
                await graph.Me.SendMail.PostAsync(new SendMailPostRequestBody { Message = message, SaveToSentItems = true }, cancellationToken: ct);
                return true;
            }, sends: true), cancellationToken);
            return new SendResult(null, null);
        }

        // With Mail.ReadWrite: create, then send, so the caller learns the message's id (immutable, so it survives the move to Sent Items).
        var created = await session.CallAsync((token, ct) => _graph.RunAsync(token, graph =>
            graph.Me.Messages.PostAsync(message, r => r.Headers.Add("Prefer", "IdType=\"ImmutableId\""), ct)), cancellationToken);
        var id = created?.Id ?? throw new MailboxProblemException(ProblemCode.ProviderError, "Graph created a message without an id");
        await session.CallAsync((token, ct) => _graph.RunAsync(token, async graph =>
        {
            await graph.Me.Messages[id].Send.PostAsync(cancellationToken: ct);
            return true;
        }, sends: true), cancellationToken);
        return new SendResult(id, created.ConversationId);
    }

    /// <summary>
    /// Looks in Sent Items for the message tagged with the marker. Without Mail.ReadWrite a send answers no id, so a
    /// found message answers none either: a retry returns what the first attempt would have.
    /// </summary>
    public async Task<SendResult?> FindSentAsync(
        IMailboxSession session, string marker, DateTimeOffset attemptedAt, CancellationToken cancellationToken)
    {
        var page = await session.CallAsync((token, ct) => _graph.ReadAsync(token, graph =>
            graph.Me.MailFolders["sentitems"].Messages.ToGetRequestInformation(r =>
            {
                r.QueryParameters.Filter = GraphSendMarker.Filter(marker, attemptedAt);
                r.QueryParameters.Select = ["id", "conversationId"];
                r.QueryParameters.Top = 1;
                r.Headers.Add("Prefer", "IdType=\"ImmutableId\"");
            }), GraphJsonContext.Default.GraphMessagePage, ct), cancellationToken);
        if (page?.Value is not [var found, ..])
        {
            return null;
        }

        return OAuth.CanCreateMessages ? new SendResult(found.Id, found.ConversationId) : new SendResult(null, null);
    }

    public async Task<MessageList> ListMessagesAsync(IMailboxSession session, MessageListQuery query, CancellationToken cancellationToken)
    {
        string? pageUrl = null;
        if (query.PageToken is not null)
        {
            pageUrl = GraphPageToken.ToUrl(query.PageToken, _options.GraphBaseUrl)
                ?? throw new MailboxProblemException(ProblemCode.InvalidRequest, "page_token is not one this API returned");
        }

        GraphMessagePage? page;
        try
        {
            page = await session.CallAsync((token, ct) => _graph.ReadAsync(token, graph => pageUrl is not null
                ? graph.Me.Messages.WithUrl(pageUrl).ToGetRequestInformation()
                : graph.Me.Messages.ToGetRequestInformation(r =>
                {
                    r.QueryParameters.Top = query.PageSize;
                    r.QueryParameters.Select = GraphMessageMapper.SummaryFields;
                    if (query.Query is not null)
                    {
                        // $search sorts by date itself and may not be combined with $orderby or $skip.
                        r.QueryParameters.Search = $"\"{query.Query.Replace("\"", string.Empty, StringComparison.Ordinal)}\"";
                    }
                    else
                    {
                        r.QueryParameters.Skip = query.Skip is > 0 ? query.Skip : null;
                        r.QueryParameters.Orderby = ["receivedDateTime desc"];
                    }
                }), GraphJsonContext.Default.GraphMessagePage, ct), cancellationToken);
        }
        catch (MailboxProblemException e) when (e.Code == ProblemCode.InvalidRequest && pageUrl is not null)
        {
            throw new MailboxProblemException(ProblemCode.InvalidRequest, $"page_token is not usable: {e.Detail}");
        }

        var messages = (page?.Value ?? []).Select(GraphMessageMapper.ToSummary).ToList();
        return new MessageList(messages, GraphPageToken.FromNextLink(page?.NextLink));
    }

    public async Task<MessageDetail> GetMessageAsync(IMailboxSession session, string messageId, CancellationToken cancellationToken)
    {
        var message = await session.CallAsync(
            (token, ct) => _graph.ReadAsync(token, graph => graph.Me.Messages[messageId].ToGetRequestInformation(),
                GraphJsonContext.Default.GraphMessage, ct), cancellationToken)
            ?? throw new MailboxProblemException(ProblemCode.NotFound, $"No Outlook message with id '{messageId}'");

        // Graph gives one body; for an HTML message, ask once more for its text rendering, which agents read best.
        var text = message.Body?.IsHtml == true
            ? (await session.CallAsync((token, ct) => _graph.ReadAsync(token, graph => graph.Me.Messages[messageId].ToGetRequestInformation(r =>
            {
                r.QueryParameters.Select = ["body"];
                r.Headers.Add("Prefer", "outlook.body-content-type=\"text\"");
            }), GraphJsonContext.Default.GraphMessage, ct), cancellationToken))?.Body?.Content
            : null;

        IReadOnlyList<GraphAttachment> attachments = [];
        if (message.HasAttachments == true)
        {
            var response = await session.CallAsync((token, ct) => _graph.ReadAsync(token, graph => graph.Me.Messages[messageId].Attachments.ToGetRequestInformation(r =>
                r.QueryParameters.Select = ["id", "name", "contentType", "size"]), GraphJsonContext.Default.GraphAttachmentPage, ct), cancellationToken);
            attachments = response?.Value ?? [];
        }

        return GraphMessageMapper.ToDetail(message, text, attachments);
    }
}
