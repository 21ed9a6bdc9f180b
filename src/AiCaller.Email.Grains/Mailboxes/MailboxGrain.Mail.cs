using AiCaller.Email.Grains.Mail;
using AiCaller.Email.Grains.Mailboxes.Sends;
using AiCaller.Email.Grains.Problems;
using AiCaller.Email.Grains.Providers;

namespace AiCaller.Email.Grains.Mailboxes;

/// <summary>Mail calls: each goes through the provider with a session that gates and refreshes.</summary>
public sealed partial class MailboxGrain
{
    public Task<SendResult> SendAsync(SendMailRequest request, string? idempotencyKey) =>
        _sends.SendAsync(request, idempotencyKey, () => new MailSender(this, ConnectedProvider(), request));

    public Task<MessageList> ListMessagesAsync(MessageListQuery query) =>
        ConnectedProvider().ListMessagesAsync(new GrainSession(this), query, CancellationToken.None);

    public Task<MessageDetail> GetMessageAsync(string messageId) =>
        ConnectedProvider().GetMessageAsync(new GrainSession(this), messageId, CancellationToken.None);

    private IMailProvider ConnectedProvider()
    {
        var provider = ConfiguredProvider();
        if (State.Tokens is not null)
        {
            return provider;
        }

        throw State.LastError?.Code switch
        {
            var code when code == ProblemCode.TokenInvalid.ToSlug() => ProviderMessages.TokenInvalid(_key.Provider),
            var code when code == ProblemCode.StateUnreadable.ToSlug() => StateUnreadable.Problem(),
            _ => ProviderMessages.NotConnected(_key.Provider),
        };
    }

    /// <summary>
    /// One provider call through the mailbox's gate. With stored tokens, a 401 on a token we believed valid
    /// forces one refresh (shared with any concurrent caller) and one retry; just-exchanged tokens get no retry.
    /// </summary>
    private async Task<T> CallProviderAsync<T>(
        Func<string, CancellationToken, Task<T>> call, TokenSet? exchanged, CancellationToken cancellationToken)
    {
        await _providerGate.WaitAsync(cancellationToken);
        try
        {
            var tokens = exchanged ?? await UsableTokensAsync();
            try
            {
                return await call(tokens.AccessToken, cancellationToken);
            }
            catch (ProviderUnauthorizedException) when (exchanged is null)
            {
                var refreshed = await RefreshAfterRejectionAsync(tokens);
                return await call(refreshed.AccessToken, cancellationToken);
            }
        }
        catch (ProviderUnauthorizedException e)
        {
            throw new MailboxProblemException(ProblemCode.ProviderError,
                $"{_key.Provider.ToDisplayName()} refused a freshly issued access token: {e.Message}");
        }
        finally
        {
            _providerGate.Release();
        }
    }

    /// <summary>One message of this mailbox on its way to the provider, through the gate like every other call.</summary>
    private sealed class MailSender(MailboxGrain grain, IMailProvider provider, SendMailRequest request) : IMailSender
    {
        public string Address => grain.State.Email ?? string.Empty;

        public Task<SendResult> SendAsync(string marker) =>
            provider.SendAsync(new GrainSession(grain), Address, request, marker, CancellationToken.None);

        public Task<SendResult?> FindAsync(string marker, DateTimeOffset attemptedAt) =>
            provider.FindSentAsync(new GrainSession(grain), marker, attemptedAt, CancellationToken.None);
    }

    /// <summary>What a provider calls through: the stored tokens, or tokens just exchanged and not stored yet.</summary>
    private sealed class GrainSession(MailboxGrain grain, TokenSet? exchanged = null) : IMailboxSession
    {
        public Task<T> CallAsync<T>(Func<string, CancellationToken, Task<T>> call, CancellationToken cancellationToken) =>
            grain.CallProviderAsync(call, exchanged, cancellationToken);
    }
}
