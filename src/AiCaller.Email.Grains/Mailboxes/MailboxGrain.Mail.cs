using AiCaller.Email.Grains.Mail;
using AiCaller.Email.Grains.Problems;
using AiCaller.Email.Grains.Providers;

namespace AiCaller.Email.Grains.Mailboxes;

/// <summary>Mail calls: each goes through the provider with a session that gates and refreshes.</summary>
public sealed partial class MailboxGrain
{
    public Task<SendResult> SendAsync(SendMailRequest request, string? idempotencyKey)
    {
        var provider = ConnectedProvider();
        Task<SendResult> Send() => provider.SendAsync(new GrainSession(this), S.Email ?? string.Empty, request, CancellationToken.None);

        return idempotencyKey is null
            ? Send()
            : _idempotency.RunAsync(idempotencyKey, IdempotencyLedger.HashOf(request), Now, Send, WriteStateAsync);
    }

    public Task<MessageList> ListMessagesAsync(MessageListQuery query) =>
        ConnectedProvider().ListMessagesAsync(new GrainSession(this), query, CancellationToken.None);

    public Task<MessageDetail> GetMessageAsync(string messageId) =>
        ConnectedProvider().GetMessageAsync(new GrainSession(this), messageId, CancellationToken.None);

    private IMailProvider ConnectedProvider()
    {
        var provider = ConfiguredProvider();
        if (S.Tokens is not null)
        {
            return provider;
        }

        throw S.LastError?.Code == ProblemCode.TokenInvalid.ToSlug()
            ? ProviderMessages.TokenInvalid(_key.Provider)
            : ProviderMessages.NotConnected(_key.Provider);
    }

    private async Task<T> CallProviderAsync<T>(Func<string, CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        await _providerGate.WaitAsync(cancellationToken);
        try
        {
            var tokens = await UsableTokensAsync();
            try
            {
                return await call(tokens.AccessToken, cancellationToken);
            }
            catch (ProviderUnauthorizedException)
            {
                // A 401 on a token we believed valid: refresh once (shared with any concurrent caller) and retry once.
                var refreshed = await RefreshAfterRejectionAsync(tokens);
                try
                {
                    return await call(refreshed.AccessToken, cancellationToken);
                }
                catch (ProviderUnauthorizedException e)
                {
                    throw new MailboxProblemException(ProblemCode.ProviderError,
                        $"{_key.Provider.ToDisplayName()} refused a freshly refreshed access token: {e.Message}");
                }
            }
        }
        finally
        {
            _providerGate.Release();
        }
    }

    /// <summary>The grain's own session: tokens from state, refreshed as needed.</summary>
    private sealed class GrainSession(MailboxGrain grain) : IMailboxSession
    {
        public Task<T> CallAsync<T>(Func<string, CancellationToken, Task<T>> call, CancellationToken cancellationToken) =>
            grain.CallProviderAsync(call, cancellationToken);
    }

    /// <summary>A session over tokens not stored yet (just exchanged), gated like every other call.</summary>
    private sealed class FixedTokenSession(MailboxGrain grain, TokenSet tokens) : IMailboxSession
    {
        public async Task<T> CallAsync<T>(Func<string, CancellationToken, Task<T>> call, CancellationToken cancellationToken)
        {
            await grain._providerGate.WaitAsync(cancellationToken);
            try
            {
                return await call(tokens.AccessToken, cancellationToken);
            }
            catch (ProviderUnauthorizedException e)
            {
                throw new MailboxProblemException(ProblemCode.ProviderError,
                    $"{grain._key.Provider.ToDisplayName()} refused the access token it just issued: {e.Message}");
            }
            finally
            {
                grain._providerGate.Release();
            }
        }
    }
}
