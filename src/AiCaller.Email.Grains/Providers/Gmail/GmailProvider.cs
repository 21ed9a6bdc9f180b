using AiCaller.Email.Grains.Mail;
using AiCaller.Email.Grains.Mailboxes;
using AiCaller.Email.Grains.Problems;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AiCaller.Email.Grains.Providers.Gmail;

/// <summary>Gmail: Google OAuth through Google.Apis.Auth, mail through our Gmail REST client.</summary>
public sealed class GmailProvider : IMailProvider
{
    private readonly GmailOptions _options;
    private readonly GmailApiClient _api;
    private readonly TimeProvider _clock;
    private readonly GmailOAuth? _oauth;

    public GmailProvider(
        IOptions<GmailOptions> options,
        GmailApiClient api,
        [FromKeyedServices(MailboxClock.ServiceKey)] TimeProvider clock)
    {
        _options = options.Value;
        _api = api;
        _clock = clock;
        var (secrets, problem) = GmailClientSecrets.Load(_options);
        Configuration = ProviderConfiguration.Of(secrets, problem);
        _oauth = secrets is null ? null : new GmailOAuth(secrets, _options.RevokeUrl, clock);
    }

    public ProviderName Name => ProviderName.Gmail;

    public ProviderConfiguration Configuration { get; }

    // Callers ask the catalog for a configured provider, which decides not_configured; this one has no secrets to use.
    private GmailOAuth OAuth => _oauth ?? throw new InvalidOperationException($"{Name} has no client secrets: {Configuration.Problem}");

    public Task<AuthorizationRequest> CreateAuthorizationRequestAsync(string redirectUri, string state, CancellationToken cancellationToken) =>
        Task.FromResult(OAuth.CreateAuthorizationRequest(redirectUri, state));

    public Task<TokenSet> ExchangeCodeAsync(string code, string codeVerifier, string redirectUri, CancellationToken cancellationToken) =>
        OAuth.ExchangeCodeAsync(code, codeVerifier, redirectUri, cancellationToken);

    public Task<TokenSet> RefreshAsync(TokenSet tokens, CancellationToken cancellationToken) =>
        OAuth.RefreshAsync(tokens, cancellationToken);

    public async Task<bool> RevokeAsync(TokenSet tokens, CancellationToken cancellationToken)
    {
        await OAuth.RevokeAsync(tokens, cancellationToken);
        return true;
    }

    public Task<TokenSet?> ReadSeedTokenAsync(CancellationToken cancellationToken) =>
        GmailSeedToken.ReadAsync(_options.TokenFile, _clock, cancellationToken);

    public async Task<string> GetMailboxAddressAsync(IMailboxSession session, CancellationToken cancellationToken)
    {
        var profile = await session.CallAsync(_api.GetProfileAsync, cancellationToken);
        return profile.EmailAddress;
    }

    public async Task<SendResult> SendAsync(
        IMailboxSession session, string fromAddress, SendMailRequest request, string marker, CancellationToken cancellationToken)
    {
        var mime = GmailMimeMessage.Build(fromAddress, request, marker);
        var sent = await session.CallAsync((token, ct) => _api.SendRawAsync(token, mime, ct), cancellationToken);
        return new SendResult(sent.Id, sent.ThreadId);
    }

    public async Task<SendResult?> FindSentAsync(
        IMailboxSession session, string marker, DateTimeOffset attemptedAt, CancellationToken cancellationToken)
    {
        var query = GmailSendMarker.SentAround(attemptedAt);
        string? pageToken = null;
        var read = 0;
        do
        {
            var token = pageToken;
            var page = await session.CallAsync((accessToken, ct) => _api.ListMessagesAsync(accessToken, query, 100, token, ct), cancellationToken);
            var candidates = page.Messages ?? [];
            // A candidate deleted since it was listed is not the one we look for, or nobody can have it any more.
            var headers = await GetMetadataAsync(session, candidates, [GmailSendMarker.Header], cancellationToken);
            if (headers.FirstOrDefault(message => message is not null && GmailMessageMapper.Header(message, GmailSendMarker.Header) == marker) is { } found)
            {
                return new SendResult(found.Id, found.ThreadId);
            }

            read += candidates.Count;
            pageToken = page.NextPageToken;
        }
        while (pageToken is not null && read < GmailSendMarker.MaxCandidates);

        return pageToken is null
            ? null
            : throw new MailboxProblemException(ProblemCode.ProviderError,
                $"Gmail's Sent holds more than {GmailSendMarker.MaxCandidates} messages around the attempt; the message was not looked for among the rest");
    }

    public async Task<MessageList> ListMessagesAsync(IMailboxSession session, MessageListQuery query, CancellationToken cancellationToken)
    {
        GmailMessageList page;
        try
        {
            page = await session.CallAsync(
                (token, ct) => _api.ListMessagesAsync(token, query.Query, query.PageSize, query.PageToken, ct), cancellationToken);
        }
        catch (MailboxProblemException e) when (e.Code == ProblemCode.InvalidRequest && query.PageToken is not null)
        {
            throw new MailboxProblemException(ProblemCode.InvalidRequest, $"page_token is not usable: {e.Detail}");
        }

        // A message deleted between the list and the get is left out of the page.
        var messages = await GetMetadataAsync(session, page.Messages ?? [], GmailMessageMapper.SummaryHeaders, cancellationToken);
        return new MessageList(messages.OfType<GmailMessage>().Select(GmailMessageMapper.ToSummary).ToArray(), page.NextPageToken);
    }

    /// <summary>
    /// The metadata of each listed message, in the list's order; null for one Gmail no longer has. One message is one
    /// plain messages.get; more go to Gmail's batch endpoint, 50 to a batch, each batch one call through the mailbox's gate.
    /// </summary>
    private async Task<IReadOnlyList<GmailMessage?>> GetMetadataAsync(
        IMailboxSession session, IReadOnlyList<GmailMessageRef> listed, IReadOnlyList<string> headers, CancellationToken cancellationToken)
    {
        if (listed.Count == 1)
        {
            try
            {
                return [await session.CallAsync((token, ct) => _api.GetMessageAsync(token, listed[0].Id, "metadata", headers, ct), cancellationToken)];
            }
            catch (MailboxProblemException e) when (e.Code == ProblemCode.NotFound)
            {
                return [null];
            }
        }

        // All at once: the mailbox's gate lets a few through at a time, and the awaits stay on the grain's scheduler.
        var batches = listed.Select(m => m.Id).Chunk(GmailMessageBatch.MaxCalls)
            .Select(ids => new GmailMessageBatch(ids, "metadata", headers)).ToArray();
        var answered = await Task.WhenAll(batches.Select(batch =>
            session.CallAsync((token, ct) => _api.GetMessagesAsync(token, batch, ct), cancellationToken)));
        return answered.SelectMany(messages => messages).ToArray();
    }

    public async Task<MessageDetail> GetMessageAsync(IMailboxSession session, string messageId, CancellationToken cancellationToken)
    {
        try
        {
            var message = await session.CallAsync(
                (token, ct) => _api.GetMessageAsync(token, messageId, "full", [], ct), cancellationToken);
            return GmailMessageMapper.ToDetail(message);
        }
        catch (MailboxProblemException e) when (e.Code is ProblemCode.InvalidRequest or ProblemCode.NotFound)
        {
            // Gmail answers 400 for ids it cannot parse and 404 for unknown ones: to the caller both are "no such message".
            throw new MailboxProblemException(ProblemCode.NotFound, $"No Gmail message with id '{messageId}'");
        }
    }
}
